import { ReactNode } from 'react';
import type { Schemas } from '@annex/api-client';
import { session } from './api/client';
import { canSeeDashboard, isAdmin, isDesk, mayFile } from './api/me';
import { LangSwitch, useT } from './i18n';
import { Link, navigate, useRoute } from './router';

export async function signOut(): Promise<void> {
  await session.signOut();
  navigate('/', { replace: true });
}

/** `setupOnly`: a session that must set up its second factor first gets no navigation. */
export function Layout({ me, children, setupOnly = false }: { me: Schemas['MeDto']; children: ReactNode; setupOnly?: boolean }) {
  const t = useT();
  const { path } = useRoute();
  const links = [
    { to: '/', label: t('nav.queue'), show: true },
    { to: '/counter', label: t('nav.counter'), show: isDesk(me.role) && me.counter != null },
    { to: '/reception', label: t('nav.reception'), show: me.role === 'reception' },
    { to: '/file', label: t('nav.file'), show: mayFile(me.role) },
    { to: '/dashboard', label: t('nav.dashboard'), show: canSeeDashboard(me.role) },
    { to: '/admin/staff', label: t('nav.admin'), show: isAdmin(me.role) },
    { to: '/security', label: t('nav.security'), show: true },
  ].filter((l) => l.show && !setupOnly);
  const current = (to: string) =>
    to === '/' ? path === '/' || path.startsWith('/requests') : path.startsWith(to.split('/').slice(0, 2).join('/'));
  const who = [
    t('header.who', { name: me.fullName ?? me.username ?? '', role: t(`role.${me.role}` as 'role.agent') }),
    ...(me.counter != null ? [t('header.counter', { n: me.counter })] : []),
  ].join(' · ');
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="no-print">
        <p className="brand">{t('appTitle')}</p>
        <nav aria-label={t('nav.label')}>
          {links.map((l) => (
            <Link key={l.to} to={l.to} aria-current={current(l.to) ? 'page' : undefined}>
              {l.label}
            </Link>
          ))}
        </nav>
        <p className="who" title={who}>
          {who}
        </p>
        <LangSwitch />
        <button type="button" className="link-button" onClick={() => void signOut()}>
          {t('header.signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
