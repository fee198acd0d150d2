import { FormEvent, useMemo, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { createApiClient, type Schemas } from '@annex/api-client';
import { ApiError, webIdempotencyKey, unwrap } from '../api';
import { useT } from '../i18n';
import { Choice, ErrorSummary, FieldProblem, Loading } from '../ui';
import { generalProblem } from '../problems';
import { useProcedures } from '../pages/guide';
import { Receipt } from '../pages/receipt';
import type { KioskDevice } from './index';
import { KioskSignIn } from './sign-in';

type Procedure = Schemas['ProcedureDto'];

/**
 * Simple certificates at the kiosk: the kiosk's own chunk of the catalogue — procedures offered at
 * the kiosk that issue a certificate and ask only for choices (no typing beyond the CIN and code).
 */
export const isSimple = (p: Procedure) =>
  (p.channels as string[]).includes('kiosk') &&
  p.issuesCertificate &&
  !p.external &&
  p.fields.every((f) => f.type === 'choice' || !f.required);

type Step = 'signin' | 'choose' | 'done';

export function KioskCertificate({ device, onFinish }: { device: KioskDevice; onFinish: () => void }) {
  const { t, text } = useT();
  const [step, setStep] = useState<Step>('signin');
  // The citizen's short kiosk session: in memory only, gone with this component.
  const token = useRef<string | null>(null);
  const citizenApi = useMemo(() => createApiClient({ baseUrl: '', credentials: () => token.current }), []);
  const [procedure, setProcedure] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [filed, setFiled] = useState<Schemas['RequestDto'] | null>(null);
  const key = useRef<string | null>(null);
  const procedures = useProcedures();
  const simple = (procedures.data?.items ?? []).filter(isSimple);
  const chosen = simple.find((p) => p.code === procedure);

  const filing = useMutation({
    mutationFn: ({ body, key }: { body: { procedureCode: string; form: Record<string, string> }; key: string }) =>
      unwrap(citizenApi.POST('/api/v1/requests', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: (r) => {
      setFiled(r);
      setStep('done');
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 400) key.current = null;
      setProblems([
        { field: 'kiosk-submit', message: err instanceof ApiError && err.status === 401 ? t('kiosk.expired') : generalProblem(err, t) },
      ]);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return setProblems([{ field: 'kiosk-procedure', message: t('error.choose', { field: t('kiosk.whichCertificate') }) }]);
    const missing = chosen.fields
      .filter((f) => f.required && !answers[f.key])
      .map((f) => ({ field: `kiosk-${f.key}`, message: t('error.choose', { field: text(f.label) }) }));
    setProblems(missing);
    if (missing.length) return;
    key.current ??= webIdempotencyKey('kiosk');
    const form = Object.fromEntries(chosen.fields.filter((f) => f.type === 'choice' && answers[f.key]).map((f) => [f.key, answers[f.key]]));
    filing.mutate({ body: { procedureCode: chosen.code, form }, key: key.current });
  }

  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;
  return (
    <section aria-labelledby="kiosk-cert-title">
      <ErrorSummary problems={problems} />
      <h1 id="kiosk-cert-title">{t('kiosk.certificate')}</h1>
      {step === 'signin' && (
        <KioskSignIn
          device={device}
          onSignedIn={(accessToken) => {
            token.current = accessToken;
            setStep('choose');
          }}
        />
      )}
      {step === 'choose' &&
        (procedures.isPending ? (
          <Loading />
        ) : (
          <form onSubmit={submit} noValidate className="kiosk-form">
            <Choice
              id="kiosk-procedure"
              className="big"
              label={t('kiosk.whichCertificate')}
              value={procedure}
              onChange={(v) => ((key.current = null), setProcedure(v), setAnswers({}))}
              error={errorOf('kiosk-procedure')}
              options={simple.map((p) => ({ value: p.code, label: text(p.name) }))}
            />
            {chosen?.fields
              .filter((f) => f.type === 'choice')
              .map((f) => (
                <Choice
                  key={f.key}
                  id={`kiosk-${f.key}`}
                  className="big"
                  label={text(f.label)}
                  value={answers[f.key] ?? ''}
                  onChange={(v) => ((key.current = null), setAnswers({ ...answers, [f.key]: v }))}
                  error={errorOf(`kiosk-${f.key}`)}
                  options={(f.options ?? []).map((o) => ({ value: o.value, label: text(o.label) }))}
                />
              ))}
            <Button id="kiosk-submit" type="submit" className="button" isDisabled={filing.isPending}>
              {t('request.submit')}
            </Button>
          </form>
        ))}
      {step === 'done' && filed && (
        <>
          <div className="confirmation">
            <h2>{t('done.title')}</h2>
            <p>{t('done.code')}</p>
            <p className="tracking-code" dir="ltr">
              <strong>{filed.trackingCode}</strong>
            </p>
            <p>{t('kiosk.doneText')}</p>
          </div>
          <Receipt requestId={filed.id} client={citizenApi} actions={false} />
          <Button className="button" onPress={onFinish}>
            {t('kiosk.finish')}
          </Button>
        </>
      )}
    </section>
  );
}
