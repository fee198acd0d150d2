import { useQuery } from '@tanstack/react-query';
import { annexesQuery, Procedure, ServiceRequest } from '../../api/queries';
import { useFormat, useLang, useT } from '../../i18n';

/** The tracking slip handed to the citizen: shown only when printing (print CSS). */
export function Slip({ request, procedure }: { request: ServiceRequest; procedure: Procedure | undefined }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  // The slip speaks for the annex that holds the request (its code prefixes the tracking code).
  const annex = useQuery(annexesQuery).data?.find((a) => request.trackingCode.startsWith(`${a.code}-`));
  return (
    <section className="slip" aria-label={t('slip.title')}>
      <p className="slip-annex">{annex ? (lang === 'ar' ? annex.nameAr : annex.nameFr) : t('appTitle')}</p>
      <h2>{t('slip.title')}</h2>
      <p className="slip-code" dir="ltr">
        {request.trackingCode}
      </p>
      <dl>
        <dt>{t('queue.procedure')}</dt>
        <dd>{procedure?.name[lang] ?? request.procedureCode}</dd>
        <dt>{t('request.submitted')}</dt>
        <dd>{f.dateTime(request.submittedAt)}</dd>
        <dt>{t('request.dueBy')}</dt>
        <dd>{f.dateTime(request.slaDueAt)}</dd>
      </dl>
      <p>{t('slip.track')}</p>
    </section>
  );
}
