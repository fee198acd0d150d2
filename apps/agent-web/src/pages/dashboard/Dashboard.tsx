import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../../api/client';
import { Dropdown } from '@annex/web-kit';
import { MessageId, useFormat, useT } from '../../i18n';
import { AccessAudit } from './AccessAudit';
import { Census } from './Census';
import { ProcessingChart } from './ProcessingChart';
import { SlaLists } from './SlaLists';

type GroupBy = 'agent' | 'procedure' | 'channel' | 'counter';

/** Supervisor dashboard (loaded on demand with Recharts): processing times, SLA, census. */
export default function Dashboard() {
  const t = useT();
  const f = useFormat();
  const [groupBy, setGroupBy] = useState<GroupBy>('procedure');
  const times = useQuery({
    queryKey: ['metrics', 'processing-times', groupBy],
    queryFn: async () => must(await api.GET('/api/v1/metrics/processing-times', { params: { query: { groupBy } as never } })),
  });
  const sla = useQuery({
    queryKey: ['metrics', 'sla'],
    queryFn: async () => must(await api.GET('/api/v1/metrics/sla')),
    refetchInterval: 60_000,
  });
  const cards: [MessageId, string][] = sla.data
    ? [
        ['dashboard.backlog', f.number(sla.data.backlog)],
        ['dashboard.atRisk', f.number(sla.data.atRisk)],
        ['dashboard.overdue', f.number(sla.data.overdue)],
        ['dashboard.compliance', f.percent(sla.data.complianceRate30d)],
      ]
    : [];
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <section aria-labelledby="sla-title">
        <h2 id="sla-title">{t('dashboard.sla')}</h2>
        {sla.isPending && <p role="status">{t('loading')}</p>}
        <dl className="cards" data-testid="sla-cards">
          {cards.map(([label, value]) => (
            <div key={label} className="card">
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {sla.data && <SlaLists sla={sla.data} />}
      </section>
      <section aria-labelledby="times-title">
        <h2 id="times-title">{t('dashboard.times')}</h2>
        <Dropdown
          id="group-by"
          label={t('dashboard.groupBy')}
          value={groupBy}
          onChange={(v) => setGroupBy(v as GroupBy)}
          options={(['procedure', 'agent', 'channel', 'counter'] as const).map((g) => ({ value: g, label: t(`dashboard.by.${g}`) }))}
        />
        {times.isPending && <p role="status">{t('loading')}</p>}
        {times.data && <ProcessingChart data={times.data} groupBy={groupBy} />}
      </section>
      <Census />
      <AccessAudit />
    </>
  );
}
