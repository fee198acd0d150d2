import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { ApiClient } from '@annex/api-client';
import { api, saveBlob, unwrap } from '../api';
import { useT } from '../i18n';
import { Failure, Loading } from '../ui';
import { generalProblem } from '../problems';

/**
 * The récépissé of a filed request (law 55-19): its number, what was filed, the legal deadline on
 * the annex calendar and how to follow it. Printable as the page (print styles keep only it) or
 * as the annex's PDF. The kiosk passes its citizen's short session (`client`) and shows it on screen
 * only (`actions` off: no printer or download at the GAU).
 */
export function Receipt({ requestId, client = api, actions = true }: { requestId: string; client?: ApiClient; actions?: boolean }) {
  const { t, text, date, dateTime, money } = useT();
  const [failed, setFailed] = useState(false);
  const q = useQuery({
    queryKey: ['requests', requestId, 'receipt'],
    queryFn: () => unwrap(client.GET('/api/v1/requests/{id}/receipt', { params: { path: { id: requestId } } })),
    staleTime: Infinity,
    // Another person's session (the kiosk): nothing of it stays in the cache once the screen is gone.
    ...(client === api ? {} : { gcTime: 0 }),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <Failure>{generalProblem(q.error, t)}</Failure>;
  const r = q.data;

  async function pdf() {
    setFailed(false);
    const res = await client
      .GET('/api/v1/requests/{id}/receipt/pdf', { params: { path: { id: requestId } }, parseAs: 'blob' })
      .catch(() => null);
    if (res?.data) saveBlob(res.data as Blob, `${r.number}.pdf`);
    else setFailed(true);
  }

  return (
    <section className="receipt panel" aria-labelledby="receipt-title" data-receipt={r.number}>
      <h2 id="receipt-title">{t('receipt.title')}</h2>
      <p className="hint">
        {r.annex.nameAr} — {r.annex.nameFr}
      </p>
      <dl className="summary">
        <dt>{t('receipt.number')}</dt>
        <dd dir="ltr" className="receipt-number">
          {r.number}
        </dd>
        <dt>{t('track.code')}</dt>
        <dd dir="ltr">{r.trackingCode}</dd>
        <dt>{t('receipt.procedure')}</dt>
        <dd>{text(r.procedure.name)}</dd>
        <dt>{t('receipt.filedOn')}</dt>
        <dd>{dateTime(r.issuedAt)}</dd>
        <dt>{t('receipt.deadline')}</dt>
        <dd className="receipt-deadline">
          <time dateTime={r.legalDeadline}>{date(r.legalDeadline)}</time>
          {r.maxDelayWorkingDays !== null && <> ({t('receipt.workingDays', { days: r.maxDelayWorkingDays })})</>}
        </dd>
        {r.feeMad > 0 && (
          <>
            <dt>{t('receipt.fee')}</dt>
            <dd>{money(r.feeMad)}</dd>
          </>
        )}
      </dl>
      {r.silenceMeansAcceptance && <p>{t('receipt.silence')}</p>}
      {r.filed.length > 0 && (
        <>
          <h3>{t('receipt.filed')}</h3>
          <ul>
            {r.filed.map((f) => (
              <li key={f.key}>
                {text(f.label)} : {f.value}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.documents.length > 0 && (
        <>
          <h3>{t('request.documents')}</h3>
          <ul>
            {r.documents.map((d) => (
              <li key={d.code}>
                {text(d.name)}
                {d.providedBy === 'administration' && <> — {t('receipt.obtained')}</>}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.appealRoute && (
        <p>
          {t('receipt.appeal')} {text(r.appealRoute)}
        </p>
      )}
      <p>
        {t('receipt.track')}{' '}
        <span dir="ltr" className="receipt-link">
          {r.trackUrl}
        </span>
      </p>
      {actions && (
        <div className="actions no-print">
          <Button className="button" onPress={() => window.print()}>
            {t('receipt.print')}
          </Button>
          <Button className="button secondary" onPress={pdf}>
            {t('receipt.pdf')}
          </Button>
        </div>
      )}
      {failed && <Failure>{t('error.failed')}</Failure>}
    </section>
  );
}
