import type { Schemas } from '@annex/api-client';
import { procedureName, useProcedures } from '../../api/queries';
import { useFormat, useLang, useT } from '../../i18n';
import { Link } from '../../router';

/** Backlog by procedure, then the at-risk and overdue requests (links to each). */
export function SlaLists({ sla }: { sla: Schemas['SlaDto'] }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const procedures = useProcedures();
  const list = (items: Schemas['SlaItemDto'][], title: string, id: string) => (
    <div>
      <h3 id={id}>{title}</h3>
      {items.length === 0 ? (
        <p>{t('dashboard.none')}</p>
      ) : (
        <ul aria-labelledby={id}>
          {items.map((i) => (
            <li key={i.id}>
              <Link to={`/requests/${i.id}`} dir="ltr">
                {i.trackingCode}
              </Link>{' '}
              {procedureName(procedures.data, i.procedureCode, lang)} · {t('request.due', { date: f.dateTime(i.slaDueAt) })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <>
      <table data-testid="sla-table">
        <caption>{t('dashboard.byProcedure')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('queue.procedure')}</th>
            <th scope="col">{t('dashboard.backlog')}</th>
            <th scope="col">{t('dashboard.atRisk')}</th>
            <th scope="col">{t('dashboard.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {sla.byProcedure.map((p) => (
            <tr key={p.procedureCode} data-key={p.procedureCode}>
              <th scope="row">{procedureName(procedures.data, p.procedureCode, lang)}</th>
              <td>{f.number(p.backlog)}</td>
              <td>{f.number(p.atRisk)}</td>
              <td>{f.number(p.overdue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="columns">
        {list(sla.atRiskList, t('dashboard.atRiskList'), 'at-risk-title')}
        {list(sla.overdueList, t('dashboard.overdueList'), 'overdue-title')}
      </div>
    </>
  );
}
