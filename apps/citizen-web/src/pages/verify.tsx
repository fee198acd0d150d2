import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { Failure, Loading, usePageTitle } from '../ui';
import { generalProblem } from '../problems';
import { useProcedures } from './guide';
import { publishedKeys, verifiedClaims } from './verify-token';

type Status = `${Schemas['VerificationDto']['status']}`;
interface Outcome {
  status: Status;
  /** online: the register answered (revocation known); offline: only the signature was checked. */
  mode: 'online' | 'offline';
  number: string;
  procedureCode?: string;
  holder?: string;
  issueDate?: string;
  validUntil?: string;
  replacedBy?: string;
  issuedBy?: Schemas['IssuingAnnexDto'];
}

const isJws = (t: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(t);

/**
 * The page checks the QR's signed token itself, then asks the register (revocation, replacement).
 * No connection: the signature alone decides, and the page says revocation was not checked.
 */
async function check(number: string, token: string | null, signature: string | null): Promise<Outcome> {
  let signed = null;
  if (token) {
    const { keys } = await publishedKeys();
    signed = await verifiedClaims(token, keys);
    if (!signed || signed.n !== number) return { status: 'not_authentic', mode: 'offline', number };
  }
  try {
    const query = token ? { t: token } : signature ? { s: signature } : {};
    const r = await unwrap(api.GET('/api/v1/verify/{number}', { params: { path: { number }, query } }));
    return { ...r, mode: 'online' };
  } catch (err) {
    // Only a missing connection falls back to the signature; an answer from the register stands.
    if (!signed || !(err instanceof ApiError && err.status === 0)) throw err;
    const today = new Date().toISOString().slice(0, 10);
    return {
      status: signed.v < today ? 'expired' : 'valid',
      mode: 'offline',
      number,
      procedureCode: signed.p,
      holder: signed.h,
      issueDate: signed.d,
      validUntil: signed.v,
    };
  }
}

/** The QR code's target: what the paper says, checked against the annex's signature and register. */
export function VerifyPage({ number, signature, token }: { number: string; signature: string | null; token: string | null }) {
  const { t, text, date, lang } = useT();
  const title = usePageTitle(t('verify.title'));
  const jws = token && isJws(token) ? token : null;
  const q = useQuery({ queryKey: ['verify', number, signature, jws], queryFn: () => check(number, jws, signature), retry: false });
  const procedures = useProcedures();
  const o = q.data;
  const procedureName = o?.procedureCode && (text(procedures.data?.items.find((p) => p.code === o.procedureCode)?.name) || o.procedureCode);
  return (
    <section aria-labelledby="verify-title" className="narrow verify">
      <h1 id="verify-title" ref={title} tabIndex={-1}>
        {t('verify.title')}
      </h1>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <Failure>{generalProblem(q.error, t)}</Failure>
      ) : o!.status === 'not_authentic' ? (
        <div className="panel verdict status-not_authentic" role="alert">
          <h2>{t('verify.status.not_authentic')}</h2>
          <p>{t('verify.notAuthenticText')}</p>
          <p>
            {t('verify.number')}{' '}
            <bdi dir="ltr" className="code">
              {o!.number}
            </bdi>
          </p>
        </div>
      ) : (
        <div className={`panel verdict status-${o!.status}`} role="status">
          <h2>{t(`verify.status.${o!.status}` as MessageId)}</h2>
          {o!.status === 'replaced' && o!.replacedBy && (
            <p>
              {t('verify.replacedBy')}{' '}
              <bdi dir="ltr" className="code">
                {o!.replacedBy}
              </bdi>
            </p>
          )}
          <p className="mode">{t(o!.mode === 'online' ? 'verify.online' : 'verify.offline')}</p>
          <dl>
            <dt>{t('verify.number')}</dt>
            <dd>
              <bdi dir="ltr" className="code">
                {o!.number}
              </bdi>
            </dd>
            {o!.status !== 'unknown' && (
              <>
                <dt>{t('procedure.label')}</dt>
                <dd>{procedureName}</dd>
                <dt>{t('verify.holder')}</dt>
                <dd>
                  <bdi dir="ltr" className="code">
                    {o!.holder}
                  </bdi>
                </dd>
                <dt>{t('verify.issued')}</dt>
                <dd>{date(o!.issueDate)}</dd>
                <dt>{t('verify.validUntil')}</dt>
                <dd>{date(o!.validUntil)}</dd>
                {o!.issuedBy && (
                  <>
                    <dt>{t('verify.issuedBy')}</dt>
                    <dd data-annex={o!.issuedBy.code}>
                      {lang === 'ar'
                        ? `${o!.issuedBy.nameAr}، ${o!.issuedBy.provinceAr}`
                        : `${o!.issuedBy.nameFr}, ${o!.issuedBy.province}`}
                    </dd>
                  </>
                )}
              </>
            )}
          </dl>
        </div>
      )}
    </section>
  );
}
