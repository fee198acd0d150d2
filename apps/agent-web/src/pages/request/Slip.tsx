import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import { Procedure, ServiceRequest } from '../../api/queries';
import { useFormat, useLang, useT } from '../../i18n';

/**
 * The récépissé handed to the citizen (law 55-19): shown only when printing (print CSS). Its
 * number, legal deadline and list of what was filed come from the request's receipt.
 */
export function Slip({ request, procedure }: { request: ServiceRequest; procedure: Procedure | undefined }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const receipt = useQuery({
    queryKey: ['receipt', request.id],
    queryFn: async () => must(await api.GET('/api/v1/requests/{id}/receipt', { params: { path: { id: request.id } } })),
    staleTime: Infinity,
    retry: false,
  }).data;
  return (
    <section className="slip" aria-label={t('slip.title')} data-receipt={receipt?.number}>
      <p className="slip-annex">{receipt ? `${receipt.annex.nameAr} — ${receipt.annex.nameFr}` : t('appTitle')}</p>
      <h2>{t('slip.title')}</h2>
      <p className="slip-code" dir="ltr">
        {receipt?.number ?? request.trackingCode}
      </p>
      <dl>
        <dt>{t('queue.procedure')}</dt>
        <dd>{procedure?.name[lang] ?? request.procedureCode}</dd>
        <dt>{t('filing.trackingCode')}</dt>
        <dd dir="ltr">{request.trackingCode}</dd>
        <dt>{t('request.submitted')}</dt>
        <dd>{f.dateTime(request.submittedAt)}</dd>
        <dt>{receipt ? t('slip.legalDeadline') : t('request.dueBy')}</dt>
        <dd className="slip-deadline">{f.date(receipt?.legalDeadline ?? request.slaDueAt)}</dd>
      </dl>
      {receipt && receipt.documents.length > 0 && (
        <ul>
          {receipt.documents.map((d) => (
            <li key={d.code}>
              {d.name[lang]}
              {d.providedBy === 'administration' && <> — {t('slip.obtained')}</>}
            </li>
          ))}
        </ul>
      )}
      {receipt?.silenceMeansAcceptance && <p>{t('slip.silence')}</p>}
      <p>{t('slip.track')}</p>
      {receipt && (
        <p dir="ltr" className="slip-link">
          {receipt.trackUrl}
        </p>
      )}
    </section>
  );
}
