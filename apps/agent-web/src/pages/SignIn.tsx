import { FormEvent, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { Button } from 'react-aria-components';
import { api, session } from '../api/client';
import { Choice, ErrorSummary, FieldProblem, TextInput } from '@annex/web-kit';
import { LangSwitch, useT } from '../i18n';

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

type Step =
  | { kind: 'credentials' }
  | { kind: 'second-factor'; challenge: string; recovery: boolean }
  | { kind: 'counter'; counters: Schemas['CounterDto'][]; first: Schemas['TokenPairDto'] };

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
  const [code, setCode] = useState('');

  async function signIn(e: FormEvent) {
    e.preventDefault();
    const missing = [
      ...(login.trim() ? [] : [{ field: 'login', label: t('signIn.username'), message: t('errors.required') }]),
      ...(password ? [] : [{ field: 'password', label: t('signIn.password'), message: t('errors.required') }]),
    ];
    setProblems(missing);
    setFailure(null);
    if (missing.length) return;
    setBusy(true);
    try {
      const r = await api.POST('/api/v1/auth/login', { body: { login: login.trim(), password, deviceToken: deviceToken(login) } });
      if (!r.data) return setFailure(r.response.status === 429 ? t('error.tooMany') : t('signIn.failed'));
      rememberDevice(login, r.data.deviceToken);
      setPassword('');
      // A second factor is set up and this device has not passed it lately: ask for the app's code.
      if ('challenge' in r.data) return setStep({ kind: 'second-factor', challenge: r.data.challenge, recovery: false });
      await signedIn(r.data);
    } finally {
      setBusy(false);
    }
  }

  async function secondFactor(e: FormEvent) {
    e.preventDefault();
    if (step.kind !== 'second-factor') return;
    const field = step.recovery ? 'recoveryCode' : 'code';
    const value = step.recovery ? code.trim() : code.replace(/\s/g, '');
    const invalid = !value || (!step.recovery && !/^\d{6}$/.test(value));
    setProblems(
      invalid
        ? [
            {
              field: field,
              label: t(step.recovery ? 'signIn.recoveryCode' : 'signIn.code'),
              message: t(value ? 'signIn.codeFormat' : 'errors.required'),
            },
          ]
        : [],
    );
    setFailure(null);
    if (invalid) return;
    setBusy(true);
    try {
      const r = await api.POST('/api/v1/auth/login/second-factor', { body: { challenge: step.challenge, [field]: value } });
      if (!r.data) {
        if (r.response.status === 401 && r.error && 'type' in r.error && String(r.error.type).endsWith('/unauthorized')) {
          setStep({ kind: 'credentials' });
          return setFailure(t('signIn.challengeExpired'));
        }
        return setFailure(r.response.status === 429 ? t('error.tooMany') : t('signIn.codeWrong'));
      }
      setCode('');
      await signedIn(r.data);
    } finally {
      setBusy(false);
    }
  }

  /** Tokens in hand: staff only; agents and supervisors then choose today's counter. */
  async function signedIn(pair: Schemas['TokenPairDto']) {
    const headers = { Authorization: `Bearer ${pair.accessToken}` };
    const me = await api.GET('/api/v1/me', { headers });
    if (me.data?.kind !== 'staff' || !['agent', 'supervisor', 'admin', 'reception'].includes(me.data.role)) {
      return setFailure(t('signIn.notStaff'));
    }
    if (me.data.role === 'agent' || me.data.role === 'supervisor') {
      const counters = await api.GET('/api/v1/counters', { headers, params: { query: { limit: 100 } } });
      if (counters.data?.items.length) return setStep({ kind: 'counter', counters: counters.data.items, first: pair });
    }
    session.start(pair);
  }

  async function chooseCounter(e: FormEvent) {
    e.preventDefault();
    if (step.kind !== 'counter') return;
    if (!counter) return setProblems([{ field: 'counter', label: t('signIn.counter'), message: t('errors.chooseOne') }]);
    setBusy(true);
    try {
      const r = await api.POST('/api/v1/auth/refresh', { body: { refreshToken: step.first.refreshToken, counter: Number(counter) } });
      if (!r.data) return setFailure(t('signIn.failed'));
      session.start(r.data);
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
            <TextInput
              id="login"
              label={t('signIn.username')}
              value={login}
              onChange={setLogin}
              autoComplete="username"
              dir="ltr"
              error={problems.find((p) => p.field === 'login')?.message}
              autoFocus
            />
            <TextInput
              id="password"
              type="password"
              label={t('signIn.password')}
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              dir="ltr"
              error={problems.find((p) => p.field === 'password')?.message}
            />
            <Button type="submit" className="primary" isDisabled={busy}>
              {t('signIn.submit')}
            </Button>
          </form>
        ) : step.kind === 'second-factor' ? (
          <form onSubmit={secondFactor} noValidate aria-labelledby="second-factor-title">
            <h1 id="second-factor-title">{t('signIn.secondFactorTitle')}</h1>
            {step.recovery ? (
              <TextInput
                id="recoveryCode"
                label={t('signIn.recoveryCode')}
                hint={t('signIn.recoveryHint')}
                value={code}
                onChange={setCode}
                autoComplete="off"
                dir="ltr"
                error={problems.find((p) => p.field === 'recoveryCode')?.message}
                autoFocus
              />
            ) : (
              <TextInput
                id="code"
                label={t('signIn.code')}
                hint={t('signIn.codeHint')}
                value={code}
                onChange={setCode}
                autoComplete="one-time-code"
                dir="ltr"
                error={problems.find((p) => p.field === 'code')?.message}
                autoFocus
              />
            )}
            <Button type="submit" className="primary" isDisabled={busy}>
              {t('signIn.verify')}
            </Button>
            <p>
              <Button
                className="link-button"
                onPress={() => {
                  setCode('');
                  setProblems([]);
                  setStep({ ...step, recovery: !step.recovery });
                }}
              >
                {step.recovery ? t('signIn.useCode') : t('signIn.useRecovery')}
              </Button>
            </p>
          </form>
        ) : (
          <form onSubmit={chooseCounter} noValidate aria-labelledby="counter-title">
            <h1 id="counter-title">{t('signIn.counterTitle')}</h1>
            <Choice
              id="counter"
              label={t('signIn.counter')}
              value={counter}
              onChange={setCounter}
              error={problems.find((p) => p.field === 'counter')?.message}
              options={step.counters.map((c) => ({
                value: String(c.number),
                label: t('signIn.counterOption', { n: c.number, label: c.label, groups: c.groups.join(', ') }),
              }))}
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
