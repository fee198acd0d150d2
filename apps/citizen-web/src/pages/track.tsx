import { FormEvent, useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { ErrorSummary, Failure, FieldProblem, normalizeCin, StateTag, TextInput, usePageTitle } from '../ui';
import { generalProblem } from '../problems';
import { FiledFor } from './for-whom';
import { useProcedures } from './guide';

/** Public tracking: code + CIN in, state and next step out (nothing personal). */
export async function track(code: string, cin: string): Promise<Schemas['TrackingDto']> {
  return unwrap(
    api.GET('/api/v1/track/{trackingCode}', {
      params: { path: { trackingCode: code.trim().toUpperCase() }, query: { cin: normalizeCin(cin) } },
    }),
  );
}

export function trackingProblem(err: unknown, t: (id: MessageId) => string): string {
  return err instanceof ApiError && err.status === 404 ? t('track.notFound') : generalProblem(err, t);
}

export function TrackResult({ result }: { result: Schemas['TrackingDto'] }) {
  const { t, text, dateTime } = useT();
  const procedures = useProcedures();
  const name = text(procedures.data?.items.find((p) => p.code === result.procedureCode)?.name) || result.procedureCode;
  return (
    <div className="panel result" role="status" aria-live="polite">
      <h2 dir="ltr">{result.trackingCode}</h2>
      <FiledFor filedFor={result.filedFor} />
      <dl>
        <dt>{t('procedure.label')}</dt>
        <dd>{name}</dd>
        <dt>{t('track.state')}</dt>
        <dd>
          <StateTag state={result.state} />
        </dd>
        <dt>{t('track.updated')}</dt>
        <dd>{dateTime(result.updatedAt)}</dd>
        <dt>{t('track.nextStep')}</dt>
        <dd>{text(result.nextStep)}</dd>
      </dl>
    </div>
  );
}

/** `/track` or, from an SMS or an email, `/t/{code}` and `/track/{code}`: the code filled in, only the CIN asked. */
export function TrackPage({ initialCode = '' }: { initialCode?: string }) {
  const { t } = useT();
  const title = usePageTitle(t('track.title'));
  const [code, setCode] = useState(initialCode.trim().toUpperCase());
  const [cin, setCin] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<Schemas['TrackingDto'] | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldProblem[] = [
      ...(code.trim() ? [] : [{ field: 'code', message: t('error.required', { field: t('track.code') }) }]),
      ...(cin.trim() ? [] : [{ field: 'cin', message: t('error.required', { field: t('track.cin') }) }]),
    ];
    setProblems(found);
    setResult(null);
    setProblem(null);
    if (found.length) return;
    try {
      setResult(await track(code, cin));
    } catch (err) {
      setProblem(trackingProblem(err, t));
    }
  }
  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;
  const cinInput = useRef<HTMLInputElement>(null);
  // Opened from a link: the code is there, the CIN is what is left to type.
  useEffect(() => {
    if (initialCode) cinInput.current?.focus();
  }, [initialCode]);

  return (
    <section aria-labelledby="track-title" className="narrow">
      <ErrorSummary problems={problems} />
      <h1 id="track-title" ref={title} tabIndex={-1}>
        {t('track.title')}
      </h1>
      <p>{t('track.intro')}</p>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="code"
          label={t('track.code')}
          hint={t('track.codeHint')}
          value={code}
          onChange={setCode}
          error={errorOf('code')}
          autoComplete="off"
          dir="ltr"
        />
        <TextInput
          id="cin"
          label={t('track.cin')}
          hint={t('track.cinHint')}
          value={cin}
          onChange={setCin}
          error={errorOf('cin')}
          autoComplete="off"
          dir="ltr"
          inputRef={cinInput}
        />
        <Button type="submit" className="button">
          {t('track.search')}
        </Button>
      </form>
      {problem && <Failure>{problem}</Failure>}
      {result && <TrackResult result={result} />}
    </section>
  );
}
