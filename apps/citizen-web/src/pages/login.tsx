import { FormEvent, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Link } from 'react-aria-components';
import { api, ApiError, startSession, tokenPair, unwrap } from '../api';
import { useT } from '../i18n';
import { navigate, useLocation } from '../router';
import { ErrorSummary, FieldProblem, TextInput, usePageTitle } from '../ui';
import { generalProblem } from '../problems';

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

/** Where to go after signing in: only a path of this app (never another site). */
export const nextPath = (search: URLSearchParams) => {
  const next = search.get('next') ?? '';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/requests';
};

export function LoginPage() {
  const { t } = useT();
  const { search } = useLocation();
  const title = usePageTitle(t('login.title'));
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldProblem[] = [
      ...(login.trim() ? [] : [{ field: 'login', message: t('error.required', { field: t('login.login') }) }]),
      ...(password ? [] : [{ field: 'password', message: t('error.required', { field: t('login.password') }) }]),
    ];
    setProblems(found);
    if (!found.length) signIn.mutate();
  }

  const signIn = useMutation({
    mutationFn: async () =>
      tokenPair(await unwrap(api.POST('/api/v1/auth/login', { body: { login: login.trim(), password, deviceToken: deviceToken(login) } }))),
    onSuccess: (pair) => {
      rememberDevice(login, pair.deviceToken);
      startSession(pair);
      navigate(nextPath(search), { replace: true });
    },
    onError: (err) => {
      const wrong = err instanceof ApiError && (err.status === 401 || err.status === 400);
      setProblems([{ field: 'login', message: wrong ? t('login.wrong') : generalProblem(err, t) }]);
    },
  });

  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;
  return (
    <section aria-labelledby="login-title" className="narrow">
      <ErrorSummary problems={problems} />
      <h1 id="login-title" ref={title} tabIndex={-1}>
        {t('login.title')}
      </h1>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="login"
          label={t('login.login')}
          hint={t('login.loginHint')}
          value={login}
          onChange={setLogin}
          error={errorOf('login')}
          autoComplete="username"
          dir="ltr"
        />
        <TextInput
          id="password"
          label={t('login.password')}
          type="password"
          value={password}
          onChange={setPassword}
          error={errorOf('password')}
          autoComplete="current-password"
          dir="ltr"
        />
        <Button type="submit" className="button" isDisabled={signIn.isPending}>
          {t('login.submit')}
        </Button>
      </form>
      <p>
        {t('login.noAccount')}{' '}
        <Link href={`/signup${search.get('next') ? `?next=${encodeURIComponent(search.get('next')!)}` : ''}`}>{t('signup.title')}</Link>
      </p>
    </section>
  );
}
