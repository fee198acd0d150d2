import type { Schemas } from '@annex/api-client';
import { Button } from 'react-aria-components';
import { procedureName, Procedure, QueueRow } from '../../api/queries';
import { SlaBadge, StateTag } from '../../components/SlaBadge';
import { useFormat, useLang, useT } from '../../i18n';
import { Link } from '../../router';

/** Whether the signed-in caller may take `r` now: the API says so on each request (its lifecycle table). */
export const claimable = (r: QueueRow) => r.claimable;

export function QueueTable({
  items,
  procedures,
  me,
  selected,
  onSelect,
  onClaim,
  claiming,
}: {
  items: QueueRow[];
  procedures: Procedure[] | undefined;
  me: Schemas['MeDto'];
  selected: string | null;
  onSelect: (id: string) => void;
  onClaim: (r: QueueRow) => void;
  claiming: string | null;
}) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  return (
    <table className="queue">
      <caption className="visually-hidden">{t('queue.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('request.trackingCode')}</th>
          <th scope="col">{t('queue.citizen')}</th>
          <th scope="col">{t('queue.procedure')}</th>
          <th scope="col">{t('queue.channel')}</th>
          <th scope="col">{t('queue.state')}</th>
          <th scope="col">{t('queue.age')}</th>
          <th scope="col">{t('queue.sla')}</th>
          <th scope="col">{t('queue.assignee')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('queue.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr
            key={r.id}
            data-id={r.id}
            aria-current={r.id === selected ? 'true' : undefined}
            className={r.id === selected ? 'selected' : undefined}
            onClick={() => onSelect(r.id)}
          >
            <td>
              <Link to={`/requests/${r.id}`} dir="ltr" className="code" onFocus={() => onSelect(r.id)}>
                {r.trackingCode}
              </Link>
            </td>
            <td className="citizen">
              {/* The name as written in the page's script when the register has it; the CIN masked. */}
              <bdi>{(lang === 'ar' ? r.citizenNameAr || r.citizenName : r.citizenName || r.citizenNameAr) ?? '—'}</bdi>
              {r.citizenCin && (
                <>
                  {' '}
                  <bdi dir="ltr" className="code cin">
                    {r.citizenCin}
                  </bdi>
                </>
              )}
            </td>
            <td>{procedureName(procedures, r.procedureCode, lang)}</td>
            <td>{t(`channel.${r.channel}`)}</td>
            <td>
              <StateTag state={r.state} />
            </td>
            <td>
              <time dateTime={r.submittedAt} title={f.dateTime(r.submittedAt)}>
                {f.age(r.submittedAt)}
              </time>
            </td>
            <td>
              <SlaBadge atRisk={r.atRisk} overdue={r.overdue} />
            </td>
            <td>{r.assigneeId ? (r.assigneeId === me.id ? t('queue.assigneeMe') : t('queue.assigneeColleague')) : '—'}</td>
            <td>
              {claimable(r) && (
                <Button
                  onPress={() => onClaim(r)}
                  isDisabled={claiming === r.id}
                  aria-label={t('queue.claimOne', { code: r.trackingCode })}
                >
                  {t('queue.claim')}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
