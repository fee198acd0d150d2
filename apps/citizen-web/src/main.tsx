import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { GuidePage, TrackPage, VerifyPage } from './pages';
import { LANGS as LANG_NAMES_ORDER, LANGUAGE_NAMES, useLang } from './i18n';
import './styles.css';

const Kiosk = lazy(() => import('./kiosk'));
// The display screen in the waiting room: no header, no navigation, its own texts.
const Screen = lazy(() => import('./screen'));

function App() {
  const [lang, setLang, t] = useLang();
  const path = location.pathname;
  const verify = /^\/verify\/([^/]+)$/.exec(path);
  const kiosk = path.startsWith('/kiosk');
  if (path.startsWith('/screen')) {
    return (
      <Suspense fallback={null}>
        <Screen />
      </Suspense>
    );
  }
  let page;
  if (verify) page = <VerifyPage t={t} lang={lang} number={decodeURIComponent(verify[1])} signature={new URLSearchParams(location.search).get('s')} />;
  else if (path.startsWith('/track')) page = <TrackPage t={t} lang={lang} />;
  else if (kiosk) page = <Kiosk t={t} lang={lang} />;
  else page = <GuidePage t={t} lang={lang} />;
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className={kiosk ? 'kiosk' : undefined}>
        <p className="brand">{t('appTitle')}</p>
        {!kiosk && (
          <nav aria-label={t('appTitle')}>
            <a href="/">{t('navGuide')}</a>
            <a href="/track">{t('navTrack')}</a>
          </nav>
        )}
        <div role="group" aria-label={t('language')} className="langs">
          {LANG_NAMES_ORDER.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => setLang(l)}>
              {LANGUAGE_NAMES[l]}
            </button>
          ))}
        </div>
      </header>
      <main id="main" className={kiosk ? 'kiosk' : undefined}>
        <Suspense fallback={<p role="status">{t('loading')}</p>}>{page}</Suspense>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
