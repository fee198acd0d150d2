import { FormEvent, useEffect, useRef, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { api } from './api';
import { Lang, MessageKey } from './i18n';

type T = (k: MessageKey, vars?: Record<string, string | number>) => string;

export function GuidePage({ t, lang }: { t: T; lang: Lang }) {
  const [procedures, setProcedures] = useState<Schemas['ProcedureDto'][] | null>(null);
  useEffect(() => {
    void api.GET('/api/v1/procedures', { params: { query: { limit: 50 } } }).then((r) => setProcedures(r.data?.items ?? []));
  }, []);
  const money = new Intl.NumberFormat(`${lang}-MA-u-nu-latn`, { style: 'currency', currency: 'MAD' });
  return (
    <section aria-labelledby="guide-title">
      <h1 id="guide-title">{t('guideTitle')}</h1>
      <p>{t('guideIntro')}</p>
      {procedures === null ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <ul className="cards">
          {procedures.map((p) => (
            <li key={p.code} className="card">
              <h2>{p.name[lang]}</h2>
              <p>{p.description[lang]}</p>
              <dl>
                <dt>{t('fee')}</dt>
                <dd>{p.feeMad ? money.format(p.feeMad) : t('free')}</dd>
                <dt>{t('delay')}</dt>
                <dd>{t('hours', { n: p.slaHours })}</dd>
              </dl>
              {p.external && <p className="note">{t('external')}</p>}
              <details>
                <summary>{t('documents')}</summary>
                <ul>
                  {p.documents.map((d) => (
                    <li key={d.code}>{d.name[lang]}</li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Tracking by code + CIN (the kiosk uses it too): GOV.UK-style error summary linking to fields. */
export function TrackPage({ t, lang, large = false }: { t: T; lang: Lang; large?: boolean }) {
  const [code, setCode] = useState('');
  const [cin, setCin] = useState('');
  const [errors, setErrors] = useState<{ field: 'code' | 'cin'; message: string }[]>([]);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [result, setResult] = useState<Schemas['TrackingDto'] | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const date = (iso: string) => new Intl.DateTimeFormat(`${lang}-MA-u-nu-latn`, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = [
      ...(code.trim() ? [] : [{ field: 'code' as const, message: t('required') }]),
      ...(cin.trim() ? [] : [{ field: 'cin' as const, message: t('required') }]),
    ];
    setErrors(found);
    setResult(null);
    setProblem(null);
    if (found.length) return setTimeout(() => summary.current?.focus());
    const r = await api.GET('/api/v1/track/{trackingCode}', { params: { path: { trackingCode: code.trim().toUpperCase() }, query: { cin: cin.trim().toUpperCase() } } });
    if (r.data) setResult(r.data);
    else setProblem(r.response.status === 404 ? 'notFound' : r.response.status === 429 ? 'tooMany' : 'failed');
  }

  return (
    <section aria-labelledby="track-title" className={large ? 'large' : undefined}>
      <h1 id="track-title">{t('trackTitle')}</h1>
      {errors.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary}>
          <h2>{t('errorSummary')}</h2>
          <ul>
            {errors.map((er) => (
              <li key={er.field}>
                <a href={`#${er.field}`}>{`${t(er.field === 'code' ? 'trackingCode' : 'cin')} : ${er.message}`}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>{t('trackIntro')}</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="code">{t('trackingCode')}</label>
        <span className="hint" id="code-hint">{t('trackingHint')}</span>
        <input id="code" name="code" value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="code-hint" aria-invalid={errors.some((x) => x.field === 'code')} autoComplete="off" dir="ltr" />
        <label htmlFor="cin">{t('cin')}</label>
        <span className="hint" id="cin-hint">{t('cinHint')}</span>
        <input id="cin" name="cin" value={cin} onChange={(e) => setCin(e.target.value)} aria-describedby="cin-hint" aria-invalid={errors.some((x) => x.field === 'cin')} autoComplete="off" dir="ltr" />
        <button type="submit">{t('search')}</button>
      </form>
      {problem && (
        <p role="alert" className="problem">
          {t(problem)}
        </p>
      )}
      {result && (
        <div className="panel" role="status" aria-live="polite">
          <h2 dir="ltr">{result.trackingCode}</h2>
          <dl>
            <dt>{t('state')}</dt>
            <dd data-state={result.state}>{t(`state.${result.state}` as MessageKey)}</dd>
            <dt>{t('updated')}</dt>
            <dd>{date(result.updatedAt)}</dd>
            <dt>{t('nextStep')}</dt>
            <dd>{result.nextStep[lang]}</dd>
          </dl>
        </div>
      )}
    </section>
  );
}

/** The QR code's target: what the paper says, checked against the annex's register and signature. */
export function VerifyPage({ t, lang, number, signature }: { t: T; lang: Lang; number: string; signature: string | null }) {
  const [v, setV] = useState<Schemas['VerificationDto'] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void api
      .GET('/api/v1/verify/{number}', { params: { path: { number }, query: signature ? { s: signature } : {} } })
      .then((r) => (r.data ? setV(r.data) : setFailed(true)));
  }, [number, signature]);
  const date = (iso?: string) => (iso ? new Intl.DateTimeFormat(`${lang}-MA-u-nu-latn`, { dateStyle: 'long' }).format(new Date(iso)) : '—');
  if (failed) return <p role="alert">{t('failed')}</p>;
  if (!v) return <p role="status">{t('loading')}</p>;
  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verifyTitle')}</h1>
      <div className={`panel status-${v.status}`} role="status">
        <h2>{t(`status.${v.status}` as MessageKey)}</h2>
        {v.signatureValid !== null && <p>{t(`signature.${v.signatureValid}` as MessageKey)}</p>}
        <dl>
          <dt>{t('number')}</dt>
          <dd dir="ltr">{v.number}</dd>
          {v.status !== 'unknown' && (
            <>
              <dt>{t('procedure')}</dt>
              <dd>{v.procedureCode}</dd>
              <dt>{t('holder')}</dt>
              <dd dir="ltr">{v.holder}</dd>
              <dt>{t('issued')}</dt>
              <dd>{date(v.issueDate)}</dd>
              <dt>{t('validUntil')}</dt>
              <dd>{date(v.validUntil)}</dd>
            </>
          )}
        </dl>
      </div>
    </section>
  );
}
