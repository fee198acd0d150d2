import { lazy, Suspense, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { canSeeDashboard, isAdmin, isDesk, mayFile, useMe, useSignedIn } from './api/me';
import { Layout } from './Layout';
import { NotAllowed, NotFound } from './components/NotAllowed';
import { useT } from './i18n';
import { useRoute } from './router';
import { SignIn } from './pages/SignIn';
import { QueuePage } from './pages/queue/QueuePage';
import { RequestPage } from './pages/request/RequestPage';
import { FilingPage } from './pages/filing/FilingPage';
import { SecondFactorPage, useSecondFactor } from './pages/security/SecondFactorPage';

// Recharts and the admin screens are loaded only when opened: the counter screens stay light.
const Dashboard = lazy(() => import('./pages/dashboard/Dashboard'));
const Admin = lazy(() => import('./pages/admin/Admin'));
// The ticket screens: the counter panel and reception.
const CounterPanel = lazy(() => import('./pages/tickets/CounterPanel').then((m) => ({ default: m.CounterPanel })));
const ReceptionPage = lazy(() => import('./pages/tickets/ReceptionPage').then((m) => ({ default: m.ReceptionPage })));
const BookingPage = lazy(() => import('./pages/tickets/BookingPage').then((m) => ({ default: m.BookingPage })));

export function App() {
  const t = useT();
  const signedIn = useSignedIn();
  const me = useMe();
  const mfa = useSecondFactor(!!me.data);
  const { path } = useRoute();
  const queries = useQueryClient();
  // Signed out (or the refresh failed): nothing of that person stays cached for whoever signs in
  // next at this desk (their role, name and counter, the pages they read).
  useEffect(() => {
    if (!signedIn) queries.clear();
  }, [signedIn, queries]);
  if (!signedIn) return <SignIn />;
  if (!me.data || !mfa.data)
    return (
      <p role="status" className="loading">
        {t('loading')}
      </p>
    );
  // admin and supervisor: until a second factor is set up, the session reaches only its setup.
  if (mfa.data.required && !mfa.data.enabled) {
    return (
      <Layout me={me.data} setupOnly>
        <SecondFactorPage />
      </Layout>
    );
  }
  const role = me.data.role;
  const request = /^\/requests\/([0-9a-f-]{36})$/.exec(path);
  let page;
  if (path === '/' || path === '/queue') page = <QueuePage />;
  else if (request) page = <RequestPage id={request[1]} />;
  else if (path === '/security') page = <SecondFactorPage />;
  else if (path === '/file') page = mayFile(role) ? <FilingPage /> : <NotAllowed />;
  else if (path === '/counter') page = isDesk(role) ? <CounterPanel /> : <NotAllowed />;
  else if (path === '/reception') page = role === 'reception' ? <ReceptionPage /> : <NotAllowed />;
  else if (path === '/reception/appointment') page = role === 'reception' ? <BookingPage /> : <NotAllowed />;
  else if (path === '/dashboard') page = canSeeDashboard(role) ? <Dashboard /> : <NotAllowed />;
  else if (path.startsWith('/admin')) page = isAdmin(role) ? <Admin path={path} /> : <NotAllowed />;
  else page = <NotFound />;
  return (
    <Layout me={me.data}>
      <Suspense fallback={<p role="status">{t('loading')}</p>}>{page}</Suspense>
    </Layout>
  );
}
