import { useT } from '../../i18n';
import { Link } from '../../router';
import { NotFound } from '../../components/NotAllowed';
import { AnnexPage } from './AnnexPage';
import { Annexes } from './Annexes';
import { GuideEdit } from './GuideEdit';
import { GuideList } from './GuideList';
import { Holidays } from './Holidays';
import { Neighbourhoods } from './Neighbourhoods';
import { StaffPage } from './StaffPage';

/** Administration (admin role only; App guards the route, the API refuses the calls too). */
export default function Admin({ path }: { path: string }) {
  const t = useT();
  const sections = [
    { to: '/admin/staff', label: t('admin.staff') },
    { to: '/admin/guide', label: t('admin.guide') },
    { to: '/admin/neighbourhoods', label: t('admin.neighbourhoods') },
    { to: '/admin/holidays', label: t('admin.holidays') },
    { to: '/admin/annexes', label: t('annex.title') },
  ];
  const annex = /^\/admin\/annexes\/([0-9a-f-]{36})$/.exec(path);
  const edit = /^\/admin\/guide\/([A-Z0-9_]+)$/.exec(path);
  let page;
  if (path === '/admin' || path === '/admin/staff') page = <StaffPage />;
  else if (path === '/admin/guide') page = <GuideList />;
  else if (edit) page = <GuideEdit code={edit[1]} />;
  else if (path === '/admin/neighbourhoods') page = <Neighbourhoods />;
  else if (path === '/admin/holidays') page = <Holidays />;
  else if (path === '/admin/annexes') page = <Annexes />;
  else if (annex) page = <AnnexPage id={annex[1]} />;
  else page = <NotFound />;
  return (
    <>
      <nav aria-label={t('nav.admin')} className="subnav">
        {sections.map((s) => (
          <Link key={s.to} to={s.to} aria-current={path.startsWith(s.to) ? 'page' : undefined}>
            {s.label}
          </Link>
        ))}
      </nav>
      {page}
    </>
  );
}
