import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createIntl, createIntlCache } from 'react-intl';
import { api, must } from '../../api/client';
import { annexesQuery, Procedure, ServiceRequest } from '../../api/queries';
import { CATALOGUES, Lang, MessageId } from '../../i18n';

/** The slip is written in Arabic and in French whatever the desk's language (as official papers are). */
const SLIP_LANGS: Lang[] = ['ar', 'fr'];
const cache = createIntlCache();
const intlOf = Object.fromEntries(SLIP_LANGS.map((l) => [l, createIntl({ locale: `${l}-MA`, messages: CATALOGUES[l] }, cache)])) as Record<
  Lang,
  ReturnType<typeof createIntl>
>;

/** The short link an SMS carries too (`/t/{code}`): it opens tracking with the code filled in, only the CIN asked. */
export const trackingLink = (code: string) => `${location.origin}/t/${encodeURIComponent(code)}`;

/**
 * The slip handed to the citizen (shown only when printing): written for them, in Arabic and
 * French, with the tracking code as text and as a QR code of the short tracking link, the
 * procedure, the dates and how to follow the request. Nothing meant for staff. It is the
 * récépissé of law 55-19: its number, legal deadline and what was filed come from the request's receipt.
 */
export function Slip({ request, procedure }: { request: ServiceRequest; procedure: Procedure | undefined }) {
  const link = trackingLink(request.trackingCode);
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // The QR encoder is loaded with the request page only when a slip is shown (its own chunk).
    void import('qrcode').then((QRCode) =>
      QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then((svg) => {
        if (live) setQr(svg);
      }),
    );
    return () => {
      live = false;
    };
  }, [link]);
  const fr = intlOf.fr;
  // The slip speaks for the annex that holds the request (its code prefixes the tracking code).
  const annex = useQuery(annexesQuery).data?.find((a) => request.trackingCode.startsWith(`${a.code}-`));
  const receipt = useQuery({
    queryKey: ['receipt', request.id],
    queryFn: async () => must(await api.GET('/api/v1/requests/{id}/receipt', { params: { path: { id: request.id } } })),
    staleTime: Infinity,
    retry: false,
  }).data;
  return (
    <section className="slip" aria-label={fr.formatMessage({ id: 'slip.title' })} data-receipt={receipt?.number}>
      <div className="slip-columns">
        {SLIP_LANGS.map((l) => {
          const intl = intlOf[l];
          const t = (id: MessageId, values?: Record<string, string>) => intl.formatMessage({ id }, values);
          const when = (iso: string) => intl.formatDate(iso, { dateStyle: 'long', timeStyle: 'short' });
          return (
            <div key={l} lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'} className={`slip-${l}`}>
              <p className="slip-annex">{annex ? (l === 'ar' ? annex.nameAr : annex.nameFr) : t('slip.annex')}</p>
              <h2>{t('slip.title')}</h2>
              {receipt && (
                <p className="slip-number">
                  <bdi dir="ltr">{receipt.number}</bdi>
                </p>
              )}
              <dl>
                <dt>{t('slip.code')}</dt>
                <dd>
                  <bdi dir="ltr" className="slip-code">
                    {request.trackingCode}
                  </bdi>
                </dd>
                <dt>{t('slip.procedure')}</dt>
                <dd>{procedure?.name[l] ?? procedure?.name.fr ?? ''}</dd>
                <dt>{t('slip.filed')}</dt>
                <dd>{when(request.submittedAt)}</dd>
                <dt>{receipt ? t('slip.legalDeadline') : t('slip.answerBy')}</dt>
                <dd className="slip-deadline">{when(receipt?.legalDeadline ?? request.slaDueAt)}</dd>
              </dl>
              {receipt && receipt.documents.length > 0 && (
                <ul>
                  {receipt.documents.map((d) => (
                    <li key={d.code}>
                      {d.name[l] ?? d.name.fr}
                      {d.providedBy === 'administration' && <> — {t('slip.obtained')}</>}
                    </li>
                  ))}
                </ul>
              )}
              {receipt?.silenceMeansAcceptance && <p>{t('slip.silence')}</p>}
              <p>{t('slip.how')}</p>
            </div>
          );
        })}
      </div>
      <div className="slip-qr">
        {qr && (
          <div
            role="img"
            aria-label={fr.formatMessage({ id: 'slip.qr' }, { code: request.trackingCode })}
            dangerouslySetInnerHTML={{ __html: qr }}
          />
        )}
        <p>
          <bdi dir="ltr" className="slip-link">
            {link}
          </bdi>
        </p>
      </div>
    </section>
  );
}
