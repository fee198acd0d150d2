import { useT } from '../i18n';

/** On time / at risk / overdue, in words (never colour alone). */
export function SlaBadge({ atRisk, overdue }: { atRisk: boolean; overdue: boolean }) {
  const t = useT();
  const kind = overdue ? 'overdue' : atRisk ? 'atRisk' : 'onTime';
  return <span className={`badge sla-${kind}`}>{t(`sla.${kind}`)}</span>;
}

export function StateTag({ state }: { state: string }) {
  const t = useT();
  return (
    <span className="tag" data-state={state}>
      {t(`state.${state}` as 'state.submitted')}
    </span>
  );
}
