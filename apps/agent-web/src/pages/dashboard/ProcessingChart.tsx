import type { Schemas } from '@annex/api-client';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { procedureName, useProcedures } from '../../api/queries';
import { MessageId, useFormat, useLang, useT } from '../../i18n';

/** Median and p90 by group as bars, and the same figures in a table (the accessible version). */
export function ProcessingChart({ data, groupBy }: { data: Schemas['ProcessingTimesDto']; groupBy: string }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const procedures = useProcedures();
  const name = (g: Schemas['ProcessingStatsDto']) =>
    groupBy === 'procedure'
      ? procedureName(procedures.data, g.key, lang)
      : groupBy === 'channel'
        ? t(`channel.${g.key}` as MessageId)
        : groupBy === 'counter'
          ? t('header.counter', { n: g.key })
          : (g.label ?? g.key);
  const rows = data.groups.map((g) => ({ ...g, name: name(g) }));
  const rtl = lang === 'ar';
  return (
    <>
      <p>{t('dashboard.period', { from: f.date(data.from), to: f.date(data.to) })}</p>
      {rows.length === 0 ? (
        <p>{t('dashboard.noData')}</p>
      ) : (
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={rows} margin={{ top: 8, right: 16, left: 16, bottom: 8 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" reversed={rtl} />
              <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={(v: number) => f.number(v)} />
              <Tooltip formatter={(v) => f.number(Number(v), 1)} />
              <Legend />
              <Bar dataKey="medianMinutes" name={t('dashboard.median')} fill="#1d70b8" />
              <Bar dataKey="p90Minutes" name={t('dashboard.p90')} fill="#912b88" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <table data-testid="times-table">
        <caption>{t('dashboard.timesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`dashboard.by.${groupBy}` as MessageId)}</th>
            <th scope="col">{t('dashboard.count')}</th>
            <th scope="col">{t('dashboard.mean')}</th>
            <th scope="col">{t('dashboard.median')}</th>
            <th scope="col">{t('dashboard.p90')}</th>
            <th scope="col">{t('dashboard.compliance')}</th>
          </tr>
        </thead>
        <tbody>
          {[...rows, ...(data.annex ? [{ ...data.annex, name: t('dashboard.annex') }] : [])].map((g) => (
            <tr key={g.key + g.name} data-key={g.key}>
              <th scope="row">{g.name}</th>
              <td>{f.number(g.count)}</td>
              <td>{f.number(g.meanMinutes, 1)}</td>
              <td>{f.number(g.medianMinutes, 1)}</td>
              <td>{f.number(g.p90Minutes, 1)}</td>
              <td>{f.percent(g.slaComplianceRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
