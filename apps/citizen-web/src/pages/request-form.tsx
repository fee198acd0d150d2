import { FormEvent, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Link } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, webIdempotencyKey, unwrap, useSignedIn } from '../api';
import { useT } from '../i18n';
import { ErrorSummary, Failure, FieldProblem, focusField, Loading, usePageTitle } from '../ui';
import { fieldProblems, generalProblem } from '../problems';
import { beneficiaryOf, ForWhom, useBeneficiaries } from './for-whom';
import { Answers, checkAnswers, documentCodeOf, Field, fieldId, FileField, Files, fileId, formBody, ProcedureField } from './fields';
import { useProcedure } from './guide';
import { Receipt } from './receipt';

type Stage = 'form' | 'check' | 'done';
type Procedure = Schemas['ProcedureDto'];

/** Uploads one document of a filed request (multipart; the API checks the content is a PDF, JPEG or PNG). */
export function uploadDocument(requestId: string, documentCode: string, file: File) {
  return unwrap(
    api.POST('/api/v1/requests/{id}/attachments', {
      params: { path: { id: requestId } },
      body: { documentCode, file: file as unknown as string },
      bodySerializer: (b) => {
        const data = new FormData();
        // The code first: the server reads the fields that precede the file.
        if (b.documentCode) data.append('documentCode', b.documentCode);
        data.append('file', b.file as unknown as Blob);
        return data;
      },
    }),
  );
}

export function RequestPage({ code }: { code: string }) {
  const { t, text } = useT();
  const signedIn = useSignedIn();
  const q = useProcedure(code);
  const title = usePageTitle(q.data ? t('request.title', { name: text(q.data.name) }) : t('loading'));
  if (!signedIn) {
    const next = encodeURIComponent(`/procedures/${code}/request`);
    return (
      <section className="narrow">
        <h1 ref={title} tabIndex={-1}>
          {t('request.signInFirst')}
        </h1>
        <p>{t('request.signInWhy')}</p>
        <div className="actions">
          <Link className="button" href={`/login?next=${next}`}>
            {t('login.title')}
          </Link>
          <Link className="button secondary" href={`/signup?next=${next}`}>
            {t('signup.title')}
          </Link>
        </div>
      </section>
    );
  }
  if (q.isPending) return <Loading />;
  if (q.isError) return <Failure>{generalProblem(q.error, t)}</Failure>;
  return <RequestWizard procedure={q.data} titleRef={title} />;
}

function RequestWizard({ procedure: p, titleRef }: { procedure: Procedure; titleRef: ReturnType<typeof usePageTitle> }) {
  const { t, text } = useT();
  const client = useQueryClient();
  const [stage, setStage] = useState<Stage>('form');
  const [answers, setAnswers] = useState<Answers>({});
  // '' for oneself, or `dependent:<id>` / `mandator:<id>` (a child, or someone who gave a mandate).
  const [forWhom, setForWhom] = useState('');
  const beneficiaries = useBeneficiaries(p.code);
  const [files, setFiles] = useState<Files>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [filed, setFiled] = useState<Schemas['RequestDto'] | null>(null);
  const [uploaded, setUploaded] = useState<Record<string, 'ok' | 'failed'>>({});
  // One key per attempt: kept when a submission fails and is retried, dropped when an answer changes.
  const idempotencyKey = useRef<string | null>(null);

  const docs = [
    // Law 55-19: a document the administration obtains itself is never asked of the citizen.
    ...p.documents
      .filter((d) => d.providedBy !== 'administration')
      .map((d) => ({ code: d.code, label: text(d.name), hint: text(d.description) })),
    ...p.fields.filter((f) => f.type === 'file').map((f) => ({ code: documentCodeOf(f.key), label: text(f.label), hint: '' })),
  ];
  const docLabel = (c: string) => docs.find((d) => d.code === c)?.label ?? c;
  const label = (f: Field) => text(f.label);
  const errorOf = (id: string) => problems.find((x) => x.field === id)?.message;
  const change = (patch: () => void) => {
    idempotencyKey.current = null;
    patch();
  };

  function toCheck(e: FormEvent) {
    e.preventDefault();
    const found = checkAnswers(p.fields, answers, files, t, label, docLabel);
    setProblems(found);
    if (!found.length) setStage('check');
  }

  async function uploadAll(r: Schemas['RequestDto'], only?: string[]) {
    for (const [code, file] of Object.entries(files)) {
      if (only && !only.includes(code)) continue;
      const ok = await uploadDocument(r.id, code, file).then(
        () => true,
        () => false,
      );
      setUploaded((u) => ({ ...u, [code]: ok ? 'ok' : 'failed' }));
    }
  }

  // Filing, then each document: pending until the last upload has answered.
  const send = useMutation({
    mutationFn: async () => {
      idempotencyKey.current ??= webIdempotencyKey();
      const r = await unwrap(
        api.POST('/api/v1/requests', {
          body: { procedureCode: p.code, form: formBody(p.fields, answers), beneficiary: beneficiaryOf(forWhom) },
          headers: { 'Idempotency-Key': idempotencyKey.current },
        }),
      );
      setFiled(r);
      await uploadAll(r);
    },
    onMutate: () => setProblems([]),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['requests'] });
      setStage('done');
    },
    onError: (err) => {
      const byField = fieldProblems(err, t, (f) => {
        const key = f.replace(/^form\./, '');
        const field = p.fields.find((x) => x.key === key);
        return field ? label(field) : undefined;
      }).map((x) => ({ ...x, field: x.field.startsWith('form.') ? fieldId(x.field.slice(5)) : x.field }));
      if (byField.length && err instanceof ApiError && err.status === 400) {
        idempotencyKey.current = null;
        setProblems(byField);
        setStage('form');
      } else {
        setProblems([{ field: 'submit-button', message: generalProblem(err, t) }]);
      }
    },
  });
  const submit = () => send.mutate();

  if (stage === 'done' && filed)
    return (
      <Confirmation request={filed} procedure={p} uploaded={uploaded} docLabel={docLabel} retry={(codes) => uploadAll(filed, codes)} />
    );

  const display = (f: Field) => {
    const v = answers[f.key] ?? '';
    if (f.type === 'choice') return text(f.options?.find((o) => o.value === v)?.label) || '—';
    return v || '—';
  };
  return (
    <section aria-labelledby="request-title" className="narrow">
      <ErrorSummary
        problems={problems}
        onOpen={(id) =>
          stage === 'check' && id !== 'submit-button' ? (setStage('form'), setTimeout(() => focusField(id))) : focusField(id)
        }
      />
      <p className="step">{text(p.name)}</p>
      <h1 id="request-title" ref={titleRef} tabIndex={-1}>
        {stage === 'check' ? t('check.title') : t('request.title', { name: text(p.name) })}
      </h1>
      {stage === 'form' ? (
        <form onSubmit={toCheck} noValidate>
          <ForWhom procedureCode={p.code} value={forWhom} onChange={(v) => change(() => setForWhom(v))} />
          {p.fields
            .filter((f) => f.type !== 'file')
            .map((f) => (
              <ProcedureField
                key={f.key}
                f={f}
                value={answers[f.key] ?? ''}
                onChange={(v) => change(() => setAnswers((a) => ({ ...a, [f.key]: v })))}
                error={errorOf(fieldId(f.key))}
              />
            ))}
          {docs.length > 0 && (
            <fieldset className="documents-upload">
              <legend>{t('request.documents')}</legend>
              <p className="hint">{t('request.documentsHint')}</p>
              {docs.map((d) => (
                <FileField
                  key={d.code}
                  code={d.code}
                  label={d.label}
                  hint={d.hint}
                  file={files[d.code]}
                  error={errorOf(fileId(d.code))}
                  onChange={(file) => change(() => setFiles(({ [d.code]: _old, ...rest }) => (file ? { ...rest, [d.code]: file } : rest)))}
                />
              ))}
            </fieldset>
          )}
          <Button type="submit" className="button">
            {t('continue')}
          </Button>
        </form>
      ) : (
        <>
          <dl className="check">
            {forWhom && (
              <div className="row">
                <dt>{t('family.forWhom')}</dt>
                <dd>
                  <bdi>{beneficiaries.find((b) => b.value === forWhom)?.name}</bdi>
                </dd>
                <dd>
                  <Button className="link" onPress={() => (setStage('form'), setTimeout(() => focusField('for-whom')))}>
                    {t('check.change')}
                    <span className="visually-hidden"> {t('family.forWhom')}</span>
                  </Button>
                </dd>
              </div>
            )}
            {p.fields
              .filter((f) => f.type !== 'file')
              .map((f) => (
                <div className="row" key={f.key}>
                  <dt>{label(f)}</dt>
                  <dd>{display(f)}</dd>
                  <dd>
                    <Button className="link" onPress={() => (setStage('form'), setTimeout(() => focusField(fieldId(f.key))))}>
                      {t('check.change')}
                      <span className="visually-hidden"> {label(f)}</span>
                    </Button>
                  </dd>
                </div>
              ))}
            {docs.map((d) => (
              <div className="row" key={d.code}>
                <dt>{d.label}</dt>
                <dd>{files[d.code]?.name ?? t('request.noFile')}</dd>
                <dd>
                  <Button className="link" onPress={() => (setStage('form'), setTimeout(() => focusField(fileId(d.code))))}>
                    {t('check.change')}
                    <span className="visually-hidden"> {d.label}</span>
                  </Button>
                </dd>
              </div>
            ))}
          </dl>
          <p>{t('request.declaration')}</p>
          <Button id="submit-button" className="button" onPress={submit} isDisabled={send.isPending}>
            {send.isPending ? t('request.sending') : t('request.submit')}
          </Button>
        </>
      )}
    </section>
  );
}

function Confirmation({
  request: r,
  procedure: p,
  uploaded,
  docLabel,
  retry,
}: {
  request: Schemas['RequestDto'];
  procedure: Procedure;
  uploaded: Record<string, 'ok' | 'failed'>;
  docLabel: (c: string) => string;
  retry: (codes: string[]) => Promise<void>;
}) {
  const { t, text } = useT();
  const title = usePageTitle(t('done.title'));
  const failed = Object.entries(uploaded)
    .filter(([, s]) => s === 'failed')
    .map(([c]) => c);
  return (
    <section aria-labelledby="done-title" className="narrow">
      <div className="confirmation">
        <h1 id="done-title" ref={title} tabIndex={-1}>
          {t('done.title')}
        </h1>
        <p>{t('done.code')}</p>
        <p className="tracking-code" dir="ltr">
          <strong>{r.trackingCode}</strong>
        </p>
      </div>
      <Receipt requestId={r.id} />
      {Object.keys(uploaded).length > 0 && (
        <>
          <h2>{t('request.documents')}</h2>
          <ul>
            {Object.entries(uploaded).map(([code, s]) => (
              <li key={code}>{t(s === 'ok' ? 'done.uploaded' : 'done.uploadFailed', { name: docLabel(code) })}</li>
            ))}
          </ul>
          {failed.length > 0 && (
            <Button className="button secondary" onPress={() => retry(failed)}>
              {t('done.retryUpload')}
            </Button>
          )}
        </>
      )}
      <h2>{t('done.next')}</h2>
      <p>{t('done.nextText', { name: text(p.name), hours: p.slaHours })}</p>
      <div className="actions">
        <Link className="button" href={`/requests/${r.id}`}>
          {t('done.follow')}
        </Link>
        <Link href="/">{t('nav.back.guide')}</Link>
      </div>
    </section>
  );
}
