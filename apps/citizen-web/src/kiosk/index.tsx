import { FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { ApiError, localSession, tokenPair, unwrap } from '../api';
import { useT } from '../i18n';
import { untranslated } from '../lang-fallback';
import { ErrorSummary, FieldProblem, LanguageSwitcher, Loading, TextInput } from '../ui';
import { generalProblem } from '../problems';
import { KioskAppointment } from './appointment';
import { KioskBook } from './book';
import { KioskCertificate } from './certificate';
import { KioskTrack } from './track';
import { StillThere, useIdle } from './idle';
import { ListenButton, SpokenLanguages } from './listen';

/** The kiosk device's own session (role `kiosk`), kept apart from any citizen's. */
const device = localSession('annex.kiosk.deviceToken');
export type KioskDevice = typeof device;

/** Idle this long, the kiosk forgets everything and starts again (override: ?idle=<seconds>). */
const idle = Number(new URLSearchParams(location.search).get('idle'));
const IDLE_SECONDS = idle > 0 ? idle : 90;

type View = 'start' | 'track' | 'certificate' | 'appointment' | 'book';

/** The touchscreen at the entrance (GAU): large targets, a keypad, and nothing left on screen for the next person. */
export default function Kiosk() {
  const { t } = useT();
  const signedIn = device.useSignedIn();
  const [session, setSession] = useState(0);
  // The start screen holds nothing personal: the timer runs only once someone has begun.
  const [begun, setBegun] = useState(false);
  const restart = () => {
    setBegun(false);
    setSession((s) => s + 1);
  };
  const remaining = useIdle(IDLE_SECONDS, signedIn && begun, restart);
  return (
    <div className="kiosk">
      <header>
        <p className="brand">{signedIn ? <AnnexName /> : t('app.title')}</p>
        <LanguageSwitcher />
      </header>
      <main id="main">
        {/* A new key remounts everything below: every field, result and citizen session is gone. */}
        {signedIn ? <KioskSession key={session} onFinish={restart} onBegin={() => setBegun(true)} /> : <DeviceSetup />}
      </main>
      {remaining !== null && <StillThere remaining={remaining} />}
    </div>
  );
}

/** The kiosk speaks in its annex's name, read from the annex row of the device account. */
function AnnexName() {
  const { t, lang } = useT();
  const annex = useQuery({
    queryKey: ['kiosk-annex'],
    queryFn: () => unwrap(device.api.GET('/api/v1/annexes', { params: { query: { limit: 1 } } })),
    staleTime: 10 * 60_000,
  });
  const a = annex.data?.items[0];
  const name = a && (lang === 'ar' ? a.nameAr : lang === 'zgh' ? (a.nameZgh ?? untranslated(lang, a.nameFr)) : a.nameFr);
  return <>{name || t('app.title')}</>;
}

function KioskSession({ onFinish, onBegin }: { onFinish: () => void; onBegin: () => void }) {
  const { t } = useT();
  const [view, setView] = useState<View>('start');
  const open = (v: View) => {
    onBegin();
    setView(v);
  };
  // The device must still be a kiosk: a revoked or wrong account goes back to the set-up screen.
  const me = useQuery({ queryKey: ['kiosk-device'], queryFn: () => unwrap(device.api.GET('/api/v1/me')), staleTime: 10 * 60_000 });
  if (me.isPending) return <Loading />;
  if (me.data?.role !== 'kiosk') {
    return (
      <Button className="button" onPress={() => void device.signOut()}>
        {t('kiosk.setupAgain')}
      </Button>
    );
  }
  return (
    <>
      {view !== 'start' && (
        <Button className="button secondary home" onPress={onFinish}>
          {t('kiosk.home')}
        </Button>
      )}
      <ListenButton key={view} device={device} step={`kiosk.${view}`} />
      {view === 'start' && (
        <section aria-labelledby="kiosk-title" className="kiosk-start">
          <SpokenLanguages device={device} />
          <h1 id="kiosk-title">{t('kiosk.welcome')}</h1>
          <Button className="tile" onPress={() => open('appointment')}>
            {t('kiosk.appointment')}
          </Button>
          <Button className="tile" onPress={() => open('book')}>
            {t('kiosk.book')}
          </Button>
          <Button className="tile" onPress={() => open('track')}>
            {t('track.title')}
          </Button>
          <Button className="tile" onPress={() => open('certificate')}>
            {t('kiosk.certificate')}
          </Button>
          <p className="hint">{t('kiosk.privacy')}</p>
        </section>
      )}
      {view === 'track' && <KioskTrack />}
      {view === 'appointment' && <KioskAppointment device={device} />}
      {view === 'certificate' && <KioskCertificate device={device} onFinish={onFinish} />}
      {view === 'book' && <KioskBook device={device} onFinish={onFinish} />}
    </>
  );
}

/** Once, at installation: a technician signs the touchscreen in with the kiosk device account. */
function DeviceSetup() {
  const { t } = useT();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      device.start(tokenPair(await unwrap(device.api.POST('/api/v1/auth/login', { body: { login: login.trim(), password } }))));
    } catch (err) {
      setProblems([
        { field: 'device-login', message: err instanceof ApiError && err.status === 401 ? t('login.wrong') : generalProblem(err, t) },
      ]);
    }
  }
  return (
    <section aria-labelledby="setup-title" className="narrow">
      <ErrorSummary problems={problems} />
      <h1 id="setup-title">{t('kiosk.setupTitle')}</h1>
      <p>{t('kiosk.setupIntro')}</p>
      <form onSubmit={submit} noValidate>
        <TextInput id="device-login" label={t('kiosk.deviceLogin')} value={login} onChange={setLogin} autoComplete="username" dir="ltr" />
        <TextInput
          id="device-password"
          label={t('login.password')}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          dir="ltr"
        />
        <Button type="submit" className="button">
          {t('kiosk.setup')}
        </Button>
      </form>
    </section>
  );
}
