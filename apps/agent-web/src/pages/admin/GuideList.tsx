import { useProcedures } from '../../api/queries';
import { useFormat, useLang, useT } from '../../i18n';
import { Link } from '../../router';

export function GuideList() {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const procedures = useProcedures();
  return (
    <section aria-labelledby="guide-title">
      <h1 id="guide-title">{t('admin.guide')}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('admin.code')}</th>
            <th scope="col">{t('queue.procedure')}</th>
            <th scope="col">{t('admin.fee')}</th>
            <th scope="col">{t('admin.slaHours')}</th>
            <th scope="col">{t('admin.version')}</th>
          </tr>
        </thead>
        <tbody>
          {procedures.data?.map((p) => (
            <tr key={p.code}>
              <td dir="ltr">
                <Link to={`/admin/guide/${p.code}`} aria-label={t('admin.editOne', { name: p.name[lang] })}>
                  {p.code}
                </Link>
              </td>
              <td>{p.name[lang]}</td>
              <td>{f.number(p.feeMad, 2)}</td>
              <td>{f.number(p.slaHours)}</td>
              <td>{f.number(p.version)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
