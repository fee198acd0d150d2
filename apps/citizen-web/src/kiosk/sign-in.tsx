import { FormEvent, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useIdentity } from '@annex/web-kit';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { unwrap } from '../api';
import { useT } from '../i18n';
import { ErrorSummary, FieldProblem, normalizeCin, TextInput } from '../ui';
import { fieldProblems, generalProblem } from '../problems';
import type { KioskDevice } from './index';
import { Keypad, press } from './keypad';

/**
 * A citizen signs in at the kiosk: their CIN on the keypad, then the code sent by SMS to the phone
 * on file. `onSignedIn` gets the citizen's short session token (keep it in memory only).
 */
export function KioskSignIn({ device, onSignedIn }: { device: KioskDevice; onSignedIn: (accessToken: string) => void }) {
  const { t, rich } = useT();
  const [step, setStep] = useState<'cin' | 'code'>('cin');
  const [cin, setCin] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<Schemas['KioskStartedDto'] | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const identity = useIdentity(device.api);
  const start = useMutation({
    mutationFn: (body: { cin: string }) => unwrap(device.api.POST('/api/v1/auth/kiosk/start', { body })),
    onSuccess: (started) => {
      setSent(started);
      setStep('code');
    },
    onError: (err) => setProblems([{ field: 'kiosk-cin', message: generalProblem(err, t) }]),
  });
  const verify = useMutation({
    mutationFn: (body: { sessionId: string; code: string }) => unwrap(device.api.POST('/api/v1/auth/kiosk/verify', { body })),
    onSuccess: (r) => onSignedIn(r.accessToken),
    onError: (err) => {
      const found = fieldProblems(err, t, () => t('kiosk.code'));
      setProblems(
        found.length ? found.map((p) => ({ ...p, field: 'kiosk-otp' })) : [{ field: 'kiosk-otp', message: generalProblem(err, t) }],
      );
    },
  });
  const busy = start.isPending || verify.isPending;

  function sendCode(e: FormEvent) {
    e.preventDefault();
    if (!identity.isCin(cin)) return setProblems([{ field: 'kiosk-cin', message: t('error.cinFormat') }]);
    setProblems([]);
    start.mutate({ cin: normalizeCin(cin) });
  }

  function checkCode(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code) || !sent) return setProblems([{ field: 'kiosk-otp', message: t('error.codeFormat') }]);
    setProblems([]);
    verify.mutate({ sessionId: sent.sessionId, code });
  }

  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;
  return (
    <>
      <ErrorSummary problems={problems} />
      {step === 'cin' && (
        <form onSubmit={sendCode} noValidate className="kiosk-form">
          <p>{t('kiosk.cinIntro')}</p>
          <TextInput
            id="kiosk-cin"
            className="active"
            label={t('track.cin')}
            hint={t('track.cinHint')}
            value={cin}
            onChange={(v) => setCin(v.toUpperCase())}
            error={errorOf('kiosk-cin')}
            inputMode="none"
            autoComplete="off"
            dir="ltr"
          />
          <Keypad target={t('track.cin')} onKey={(k) => setCin((v) => press(v, k, 10))} />
          <Button type="submit" className="button" isDisabled={busy}>
            {t('kiosk.sendCode')}
          </Button>
        </form>
      )}
      {step === 'code' && (
        <form onSubmit={checkCode} noValidate className="kiosk-form">
          <p role="status">{sent?.maskedPhone ? rich('kiosk.codeSent', { phone: sent.maskedPhone }) : t('kiosk.codeSentUnknown')}</p>
          <TextInput
            id="kiosk-otp"
            className="active"
            label={t('kiosk.code')}
            value={code}
            onChange={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
            error={errorOf('kiosk-otp')}
            inputMode="none"
            autoComplete="one-time-code"
            dir="ltr"
          />
          <Keypad target={t('kiosk.code')} letters={false} onKey={(k) => setCode((v) => press(v, k, 6))} />
          <Button type="submit" className="button" isDisabled={busy}>
            {t('kiosk.confirmCode')}
          </Button>
        </form>
      )}
    </>
  );
}
