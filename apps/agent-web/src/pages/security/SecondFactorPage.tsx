import { FormEvent, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import QRCode from 'qrcode';
import { api, must, refresh } from '../../api/client';
import { ErrorSummary, FieldProblem, TextInput } from '@annex/web-kit';
import { useT } from '../../i18n';
import { navigate } from '../../router';

/** The caller's second factor: whether it is on, required, and how many recovery codes are left. */
export function useSecondFactor(enabled = true) {
  return useQuery({ queryKey: ['me', 'mfa'], queryFn: async () => must(await api.GET('/api/v1/me/mfa')), enabled, staleTime: 60_000 });
}

type Setup = { secret: string; otpauthUri: string; qr: string };

/**
 * TOTP setup: a QR code of the otpauth URI (drawn here, in the browser: the secret never goes to
 * another service) and the secret in text for typing, then a code from the app to confirm, then
 * the recovery codes, shown this once. `required`: the role must have one (admin, supervisor).
 */
export function SecondFactorPage() {
  const t = useT();
  const queries = useQueryClient();
  const status = useSecondFactor();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.getElementById('mfa-title')?.focus();
  }, [setup, recovery]);

  async function start() {
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.POST('/api/v1/me/mfa/totp');
      if (!r.data) return setFailure(t('errors.failed'));
      setSetup({ ...r.data, qr: await QRCode.toDataURL(r.data.otpauthUri, { margin: 2, width: 240 }) });
    } finally {
      setBusy(false);
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const value = code.replace(/\s/g, '');
    const invalid = !/^\d{6}$/.test(value);
    setProblems(invalid ? [{ field: 'code', label: t('signIn.code'), message: t(value ? 'signIn.codeFormat' : 'errors.required') }] : []);
    setFailure(null);
    if (invalid) return;
    setBusy(true);
    try {
      const r = await api.POST('/api/v1/me/mfa/totp/confirm', { body: { code: value } });
      if (!r.data) return setProblems([{ field: 'code', label: t('signIn.code'), message: t('mfa.codeWrong') }]);
      setRecovery(r.data.recoveryCodes);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  /** The codes are saved: the session is renewed (a setup-only one becomes a full one). */
  async function done() {
    await refresh();
    await queries.invalidateQueries({ queryKey: ['me'] });
    navigate('/', { replace: true });
  }

  if (!status.data) return <p role="status">{t('loading')}</p>;
  if (recovery) {
    return (
      <section aria-labelledby="mfa-title" className="narrow">
        <h1 id="mfa-title" tabIndex={-1}>
          {t('mfa.recoveryTitle')}
        </h1>
        <p>{t('mfa.recoveryIntro')}</p>
        <ol className="recovery-codes" dir="ltr">
          {recovery.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <Button className="primary" onPress={() => void done()}>
          {t('mfa.recoverySaved')}
        </Button>
      </section>
    );
  }
  if (status.data.enabled) {
    return (
      <section aria-labelledby="mfa-title" className="narrow">
        <h1 id="mfa-title" tabIndex={-1}>
          {t('mfa.title')}
        </h1>
        <p role="status">{t('mfa.enabled', { n: status.data.recoveryCodesLeft })}</p>
        <p>{t('mfa.lostPhone')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="mfa-title" className="narrow">
      <h1 id="mfa-title" tabIndex={-1}>
        {t('mfa.title')}
      </h1>
      <ErrorSummary problems={problems} />
      {failure && (
        <p role="alert" className="problem">
          {failure}
        </p>
      )}
      <p>{status.data.required ? t('mfa.required') : t('mfa.optional')}</p>
      {!setup ? (
        <Button className="primary" onPress={() => void start()} isDisabled={busy}>
          {t('mfa.start')}
        </Button>
      ) : (
        <form onSubmit={confirm} noValidate>
          <ol className="steps">
            <li>
              <p>{t('mfa.scan')}</p>
              <img src={setup.qr} width={240} height={240} alt={t('mfa.qrAlt')} className="qr" />
              <p>
                {t('mfa.orType')}{' '}
                <code dir="ltr" className="secret" data-secret={setup.secret}>
                  {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
                </code>
              </p>
            </li>
            <li>
              <TextInput
                id="code"
                label={t('mfa.enterCode')}
                hint={t('signIn.codeHint')}
                value={code}
                onChange={setCode}
                autoComplete="one-time-code"
                dir="ltr"
                error={problems.find((p) => p.field === 'code')?.message}
              />
            </li>
          </ol>
          <Button type="submit" className="primary" isDisabled={busy}>
            {t('mfa.confirm')}
          </Button>
        </form>
      )}
    </section>
  );
}
