import { useT } from '../../i18n';
import { groupName } from './names';
import { Ticket, waitingByGroup } from './useTickets';

/** The queue length and the longest wait for each group (only the groups given, when given). */
export function WaitingRoom({ waiting, groups }: { waiting: Ticket[]; groups?: string[] }) {
  const t = useT();
  const rows = waitingByGroup(waiting).filter((r) => !groups || groups.includes(r.group));
  return (
    <table className="waiting">
      <caption>{t('tickets.waitingRoom')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tickets.group')}</th>
          <th scope="col">{t('tickets.waitingCount')}</th>
          <th scope="col">{t('tickets.longestWait')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3}>{t('tickets.nobodyWaiting')}</td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.group} data-group={r.group}>
            <th scope="row">{groupName(t, r.group)}</th>
            <td>{r.count}</td>
            <td>{t('tickets.minutes', { n: r.longestMinutes })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
