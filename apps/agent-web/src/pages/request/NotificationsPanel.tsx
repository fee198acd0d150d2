import { MessageId, useFormat, useT } from '../../i18n';
import { useNotifications } from './useRequest';

/** Templates shown by their names (libs/notifications/templates), not their keys. */
const TEMPLATES = new Set([
  'request.received',
  'request.approved',
  'request.forwarded',
  'request.needs_info',
  'request.ready_for_pickup',
  'request.rejected',
  'dossier.update',
  'ticket.issued',
  'otp',
  'sla.breach',
  'grievance.response',
]);

/** SMS and e-mails sent about the request, with their delivery status. */
export function NotificationsPanel({ id, version }: { id: string; version: number }) {
  const t = useT();
  const f = useFormat();
  const notifications = useNotifications(id, version);
  return (
    <section aria-labelledby="notifications-title" className="panel">
      <h2 id="notifications-title">{t('notifications.title')}</h2>
      {notifications.data?.length === 0 && <p>{t('notifications.none')}</p>}
      {!!notifications.data?.length && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('notifications.what')}</th>
              <th scope="col">{t('notifications.to')}</th>
              <th scope="col">{t('notifications.status')}</th>
              <th scope="col">{t('notifications.when')}</th>
            </tr>
          </thead>
          <tbody>
            {notifications.data.map((n) => (
              <tr key={n.id}>
                <td>
                  {t(`channel.${n.channel}` as 'channel.sms')} ·{' '}
                  {TEMPLATES.has(n.template) ? t(`template.${n.template}` as MessageId) : <span dir="ltr">{n.template}</span>}
                </td>
                <td dir="ltr">{n.destination}</td>
                <td>
                  {t(`notification.${n.status}` as 'notification.sent')}
                  {n.attempts > 1 && ` (${t('notifications.attempts', { n: n.attempts })})`}
                </td>
                <td>{f.dateTime(n.sentAt ?? n.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
