import { procedureName, useProcedures } from '../../api/queries';
import { StateTag } from '../../components/SlaBadge';
import { useFormat, useLang, useT } from '../../i18n';
import { Link } from '../../router';
import { useCitizen, useHistory } from './useRequest';

/** Who the request is for, and their other requests (by CIN). */
export function CitizenPanel({ citizenId, trackingCode, current }: { citizenId: string; trackingCode: string; current: string }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const citizen = useCitizen(citizenId, `request ${trackingCode}`);
  const c = citizen.data;
  const history = useHistory(c?.cin);
  const procedures = useProcedures();
  return (
    <section aria-labelledby="citizen-title" className="panel">
      <h2 id="citizen-title">{t('citizen.title')}</h2>
      {citizen.isError && <p role="alert">{t('errors.failed')}</p>}
      {c && (
        <dl className="summary-list">
          <dt>{t('citizen.name')}</dt>
          <dd>
            <span dir="ltr">{`${c.firstName} ${c.lastName}`}</span> · <span lang="ar" dir="rtl">{`${c.firstNameAr} ${c.lastNameAr}`}</span>
          </dd>
          <dt>{t('citizen.cin')}</dt>
          <dd dir="ltr">{c.cin}</dd>
          <dt>{t('citizen.birthDate')}</dt>
          <dd>{f.date(c.birthDate)}</dd>
          <dt>{t('citizen.phone')}</dt>
          <dd dir="ltr">{c.phone}</dd>
          <dt>{t('citizen.address')}</dt>
          <dd>{c.addressLine ?? '—'}</dd>
          <dt>{t('citizen.status')}</dt>
          <dd>{t(`citizen.status.${c.status}` as 'citizen.status.active')}</dd>
        </dl>
      )}
      <h3>{t('citizen.history')}</h3>
      {history.data && history.data.filter((r) => r.id !== current).length === 0 && <p>{t('citizen.noHistory')}</p>}
      <ul className="history">
        {history.data
          ?.filter((r) => r.id !== current)
          .map((r) => (
            <li key={r.id}>
              <Link to={`/requests/${r.id}`} dir="ltr">
                {r.trackingCode}
              </Link>{' '}
              {procedureName(procedures.data, r.procedureCode, lang)} · {f.date(r.submittedAt)} · <StateTag state={r.state} />
            </li>
          ))}
      </ul>
    </section>
  );
}
