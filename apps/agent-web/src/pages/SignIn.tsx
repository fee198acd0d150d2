import { FormEvent, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { Button } from 'react-aria-components';
import { api } from '../api/client';
import { fromTokens, setSession } from '../api/session';
import { LangSwitch } from '../components/LangSwitch';
import { Choice, TextInput } from '../components/fields';
import { ErrorSummary, FieldProblem } from '../components/ErrorSummary';
import { useT } from '../i18n';

/** The device token the API gave this browser at a sign-in with this login (never slowed down by others' failed attempts). */
const deviceKey = (login: string) => `annex.device.${login.trim().toLowerCase()}`;
function deviceToken(login: string): string | undefined {
  try {
    return localStorage.getItem(deviceKey(login)) ?? undefined;
  } catch {
    return undefined;
  }
}
function rememberDevice(login: string, token: string | undefined): void {
  try {
    if (token) localStorage.setItem(deviceKey(login), token);
  } catch {
    // private mode: the next sign-in is simply a new device
  }
}


type Step = { kind: 'credentials' } | { kind: 'counter'; counters: Schemas['CounterDto'][]; first: Schemas['TokenPairDto'] };

/**
 * Sign-in, then today's counter: the session moves to the chosen counter through a refresh
 * with `counter` (the password is not needed again and is dropped at once).
 */
export function SignIn() {
  const t = useT();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [counter, setCounter] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>({ kind: 'credentials' });

  async function signIn(e: FormEvent) {
    e.preventDefault();
    const missing = [
      ...(login.trim() ? [] : [{ id: 'login', label: t('signIn.username'), message: t('errors.required') }]),
      ...(password ? [] : [{ id: 'password', label: t('signIn.password'), message: t('errors.required') }]),
    ];
    setProblems(missing);
    setFailure(null);
    if (missing.length) return;
    setBusy(true);
    try {
      const r = await api.POST('/api/v1/auth/login', { body: { login: login.trim(), password, deviceToken: deviceToken(login) } });
      if (!r.data) return setFailure(r.response.status === 429 ? t('errors.tooMany') : t('signIn.failed'));
      rememberDevice(login, r.data.deviceToken);
      const token = r.data.accessToken;
      const headers = { Authorization: `Bearer ${token}` };
      const me = await api.GET('/api/v1/me', { headers });
      if (me.data?.kind !== 'staff' || !['agent', 'supervisor', 'admin', 'reception'].includes(me.data.role)) {
        return setFailure(t('signIn.notStaff'));
      }
      setPassword('');
      if (me.data.role === 'agent' || me.data.role === 'supervisor') {
        const counters = await api.GET('/api/v1/counters', { headers, params: { query: { limit: 100 } } });
        if (counters.data?.items.length) return setStep({ kind: 'counter', counters: counters.data.items, first: r.data });
      }
      setSession(fromTokens(r.data, null));
    } finally {
      setBusy(false);
    }
  }

  async function chooseCounter(e: FormEvent) {
    e.preventDefault();
    if (step.kind !== 'counter') return;
    if (!counter) return setProblems([{ id: 'counter', label: t('signIn.counter'), message: t('errors.chooseOne') }]);
    setBusy(true);
    try {
      const r = await api.POST('/api/v1/auth/refresh', { body: { refreshToken: step.first.refreshToken, counter: Number(counter) } });
      if (!r.data) return setFailure(t('signIn.failed'));
      setSession(fromTokens(r.data, Number(counter)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <header>
        <p className="brand">{t('appTitle')}</p>
        <LangSwitch />
      </header>
      <main id="main" className="narrow">
        <ErrorSummary problems={problems} />
        {failure && (
          <p role="alert" className="problem">
            {failure}
          </p>
        )}
        {step.kind === 'credentials' ? (
          <form onSubmit={signIn} noValidate aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{t('signIn.title')}</h1>
            <TextInput id="login" label={t('signIn.username')} value={login} onChange={setLogin} autoComplete="username" dir="ltr" error={problems.find((p) => p.id === 'login')?.message} autoFocus />
            <TextInput id="password" type="password" label={t('signIn.password')} value={password} onChange={setPassword} autoComplete="current-password" dir="ltr" error={problems.find((p) => p.id === 'password')?.message} />
            <Button type="submit" className="primary" isDisabled={busy}>
              {t('signIn.submit')}
            </Button>
          </form>
        ) : (
          <form onSubmit={chooseCounter} noValidate aria-labelledby="counter-title">
            <h1 id="counter-title">{t('signIn.counterTitle')}</h1>
            <Choice
              id="counter"
              label={t('signIn.counter')}
              value={counter}
              onChange={setCounter}
              error={problems.find((p) => p.id === 'counter')?.message}
              options={step.counters.map((c) => ({ value: String(c.number), label: t('signIn.counterOption', { n: c.number, label: c.label, groups: c.groups.join(', ') }) }))}
            />
            <Button type="submit" className="primary" isDisabled={busy}>
              {t('signIn.start')}
            </Button>
          </form>
        )}
      </main>
    </>
  );
}
