import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api, blobUrl, must } from '../../api/client';
import { useFormat, useT } from '../../i18n';

/**
 * Law 09-08 for the supervisor: staff reading many records outside requests (last 7 days), the
 * latest reads of the annex, and the CSV of the last 30 days (GET /audit/access).
 */
export function AccessAudit() {
  const t = useT();
  const f = useFormat();
  const [failed, setFailed] = useState(false);
  const alerts = useQuery({ queryKey: ['audit', 'alerts'], queryFn: async () => must(await api.GET('/api/v1/audit/access/alerts', {})) });
  const latest = useQuery({
    queryKey: ['audit', 'latest'],
    queryFn: async () => must(await api.GET('/api/v1/audit/access', { params: { query: { limit: 10 } as never } })).items,
  });
  async function download() {
    setFailed(false);
    try {
      const { url } = await blobUrl('/api/v1/audit/access?format=csv');
      const a = document.createElement('a');
      a.href = url;
      a.download = 'access-log.csv';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    }
  }
  return (
    <section aria-labelledby="audit-title" data-testid="access-audit">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <p>{t('audit.intro')}</p>
      <Button onPress={() => void download()}>{t('audit.csv')}</Button>
      {failed && (
        <p role="alert" className="problem">
          {t('errors.failed')}
        </p>
      )}
      <h3>{t('audit.alerts')}</h3>
      {alerts.data && alerts.data.length === 0 && <p role="status">{t('audit.noAlerts')}</p>}
      {alerts.data && alerts.data.length > 0 && (
        <ul>
          {alerts.data.map((a) => (
            <li key={a.staffId}>
              {t('audit.alert', { who: a.staffUsername ?? a.staffId, citizens: a.citizens, outside: a.outsideRequests })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('audit.latest')}</h3>
      {latest.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.purpose')}</th>
            </tr>
          </thead>
          <tbody>
            {latest.data.map((e) => (
              <tr key={e.id}>
                <td>{f.dateTime(e.at)}</td>
                <td>{`${e.staffUsername ?? e.staffId} (${e.role}${e.counter !== null ? ` · ${e.counter}` : ''})`}</td>
                <td>{e.what}</td>
                <td dir="auto">{e.requestTrackingCode ?? e.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
