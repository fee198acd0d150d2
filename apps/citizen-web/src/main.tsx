import { lazy, ReactNode, StrictMode, Suspense, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { RouterProvider } from 'react-aria-components';
import { prefetchIdentity } from '@annex/web-kit';
import { api, ApiError, signOut, useSignedIn } from './api';
import { LangProvider, useT } from './i18n';
import { match, navigate, useLocation } from './router';
import { AppLink, LanguageSwitcher, Loading } from './ui';
import { GuidePage, ProcedurePage, proceduresQuery } from './pages/guide';
import '@annex/web-kit/fonts/tifinagh.css';
import './styles.css';

// The touchscreen and the waiting-room display are their own chunks: a citizen's phone never loads them.
const Kiosk = lazy(() => import('./kiosk'));
// Pages for a signed-in citizen (or one signing up) load when first opened: reading the guide stays light.
const LoginPage = lazy(() => import('./pages/login').then((m) => ({ default: m.LoginPage })));
const SignupPage = lazy(() => import('./pages/signup').then((m) => ({ default: m.SignupPage })));
const RequestPage = lazy(() => import('./pages/request-form').then((m) => ({ default: m.RequestPage })));
const MyRequestsPage = lazy(() => import('./pages/my-requests').then((m) => ({ default: m.MyRequestsPage })));
const RequestDetailPage = lazy(() => import('./pages/my-requests').then((m) => ({ default: m.RequestDetailPage })));
const ProfilePage = lazy(() => import('./pages/profile').then((m) => ({ default: m.ProfilePage })));
const GrievancePage = lazy(() => import('./pages/grievance').then((m) => ({ default: m.GrievancePage })));
const MyGrievancesPage = lazy(() => import('./pages/grievance').then((m) => ({ default: m.MyGrievancesPage })));
const AppointmentsPage = lazy(() => import('./pages/appointments').then((m) => ({ default: m.AppointmentsPage })));
const AppointmentLinkPage = lazy(() => import('./pages/appointment-link').then((m) => ({ default: m.AppointmentLinkPage })));
const FamilyPage = lazy(() => import('./pages/family').then((m) => ({ default: m.FamilyPage })));
const AccessLogPage = lazy(() => import('./pages/access-log').then((m) => ({ default: m.AccessLogPage })));
// Tracking and certificate checks open from an SMS or a QR code: their own chunks, off the guide's first load.
const TrackPage = lazy(() => import('./pages/track').then((m) => ({ default: m.TrackPage })));
const VerifyPage = lazy(() => import('./pages/verify').then((m) => ({ default: m.VerifyPage })));
// The display screen in the waiting room: no header, no navigation, its own texts.
const Screen = lazy(() => import('./screen'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; a network cut might.
      retry: (count, err) => count < 2 && (!(err instanceof ApiError) || err.status === 0 || err.status >= 500),
      staleTime: 30_000,
    },
  },
});
// The CIN and phone rules the forms check with (the API's published patterns), asked for once at start.
prefetchIdentity(queryClient, api);

/** Pages that need a signed-in citizen send the others to the sign-in page, then back. */
function SignedIn({ children }: { children: ReactNode }) {
  const signedIn = useSignedIn();
  const { path } = useLocation();
  useEffect(() => {
    if (!signedIn) navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
  }, [signedIn, path]);
  return signedIn ? <>{children}</> : null;
}

function Page() {
  const { path, search } = useLocation();
  const signedIn = useSignedIn();
  let m: Record<string, string> | null;
  if ((m = match('/verify/:number', path)))
    return <VerifyPage number={m.number} signature={search.get('s')} token={location.hash.slice(1) || null} />;
  if ((m = match('/procedures/:code/request', path))) return <RequestPage code={m.code} />;
  if ((m = match('/procedures/:code', path))) return <ProcedurePage code={m.code} />;
  if ((m = match('/requests/:id', path)))
    return (
      <SignedIn>
        <RequestDetailPage id={m.id} />
      </SignedIn>
    );
  if (match('/requests', path))
    return (
      <SignedIn>
        <MyRequestsPage />
      </SignedIn>
    );
  // Anyone files (signed in, or with a phone); the list is the signed-in citizen's own.
  if (match('/grievances/new', path)) return <GrievancePage />;
  if (match('/grievances', path))
    return (
      <SignedIn>
        <MyGrievancesPage />
      </SignedIn>
    );
  if ((m = match('/a/:token', path))) return <AppointmentLinkPage token={m.token} />;
  // Signed in: their appointments and booking; otherwise booking without an account (CIN, phone, SMS code).
  if (match('/appointments', path)) return signedIn ? <AppointmentsPage /> : <AppointmentsPage guest />;
  if (match('/profile/family', path))
    return (
      <SignedIn>
        <FamilyPage />
      </SignedIn>
    );
  if (match('/profile/access-log', path))
    return (
      <SignedIn>
        <AccessLogPage />
      </SignedIn>
    );
  if (match('/profile', path))
    return (
      <SignedIn>
        <ProfilePage />
      </SignedIn>
    );
  if (match('/track', path)) return <TrackPage />;
  const linked = match('/track/:code', path) ?? match('/t/:code', path);
  if (linked) return <TrackPage key={linked.code} initialCode={linked.code} />;
  if (match('/login', path)) return <LoginPage />;
  if (match('/signup', path)) return <SignupPage />;
  return <GuidePage />;
}

function Shell() {
  const { t } = useT();
  const signedIn = useSignedIn();
  const client = useQueryClient();
  const { path } = useLocation();
  const current = (p: string) => (p === '/' ? path === '/' || path.startsWith('/procedures') : path.startsWith(p)) || undefined;
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header>
        <p className="brand">{t('app.title')}</p>
        <LanguageSwitcher />
        <nav aria-label={t('nav.label')}>
          <AppLink href="/" aria-current={current('/') && 'page'}>
            {t('nav.guide')}
          </AppLink>
          <AppLink href="/track" aria-current={current('/track') && 'page'}>
            {t('nav.track')}
          </AppLink>
          <AppLink href={signedIn ? '/grievances' : '/grievances/new'} aria-current={current('/grievances') && 'page'}>
            {signedIn ? t('nav.grievances') : t('nav.grievance')}
          </AppLink>
          {signedIn ? (
            <>
              <AppLink href="/requests" aria-current={current('/requests') && 'page'}>
                {t('nav.requests')}
              </AppLink>
              <AppLink href="/appointments" aria-current={current('/appointments') && 'page'}>
                {t('nav.appointments')}
              </AppLink>
              <AppLink href="/profile" aria-current={current('/profile') && 'page'}>
                {t('nav.profile')}
              </AppLink>
              <button type="button" className="nav-button" onClick={() => void signOut().then(() => (client.clear(), navigate('/')))}>
                {t('nav.logout')}
              </button>
            </>
          ) : (
            <AppLink href="/login" aria-current={current('/login') && 'page'}>
              {t('nav.login')}
            </AppLink>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Page />
        </Suspense>
      </main>
    </>
  );
}

function App() {
  const { path } = useLocation();
  if (path.startsWith('/screen')) {
    return (
      <Suspense fallback={null}>
        <Screen />
      </Suspense>
    );
  }
  return (
    <LangProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider navigate={navigate}>
          {path.startsWith('/kiosk') ? (
            <Suspense fallback={<Loading />}>
              <Kiosk />
            </Suspense>
          ) : (
            <Shell />
          )}
        </RouterProvider>
      </QueryClientProvider>
    </LangProvider>
  );
}

// The guide lists every procedure: ask for them now, while the language's catalogue is still on
// its way (one round trip less before content on a slow phone network).
if (location.pathname === '/') void queryClient.prefetchQuery(proceduresQuery());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
