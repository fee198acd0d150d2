import { workingMinutesBetween, WorkingCalendar } from '@app/core';

export interface TimelineStep {
  to: string;
  at: Date;
}

export interface ProcessingTime {
  /** Working minutes from submission to the decision, not counting waits for the citizen. */
  decisionMinutes: number | null;
  /** Working minutes the request spent in the annex's hands (submitted, in review, approved). */
  agentMinutes: number;
  /** Waiting for the citizen: more information asked, or a document ready to collect. */
  citizenMinutes: number;
  /** At another administration (passport, firearm licence). */
  externalMinutes: number;
}

const BUCKET: Record<string, 'agent' | 'citizen' | 'external' | undefined> = {
  submitted: 'agent',
  in_review: 'agent',
  approved: 'agent',
  needs_info: 'citizen',
  ready_for_pickup: 'citizen',
  forwarded: 'external',
};
const DECISIONS = new Set(['approved', 'rejected', 'forwarded']);

/**
 * Splits a request's life by whose hands it was in, in working time. `steps` are its state
 * changes in order (the first is the submission); `end` closes the last interval.
 */
export function processingTime(steps: TimelineStep[], end: Date, cal: WorkingCalendar): ProcessingTime {
  const t: ProcessingTime = { decisionMinutes: null, agentMinutes: 0, citizenMinutes: 0, externalMinutes: 0 };
  let citizenBeforeDecision = 0;
  for (let i = 0; i < steps.length; i++) {
    const { to, at } = steps[i];
    const until = i + 1 < steps.length ? steps[i + 1].at : end;
    const minutes = workingMinutesBetween(at, until, cal);
    const bucket = BUCKET[to];
    if (bucket === 'agent') t.agentMinutes += minutes;
    if (bucket === 'citizen') t.citizenMinutes += minutes;
    if (bucket === 'external') t.externalMinutes += minutes;
    if (t.decisionMinutes === null) {
      if (to === 'needs_info') citizenBeforeDecision += minutes;
      if (DECISIONS.has(to) && steps.length) {
        t.decisionMinutes = workingMinutesBetween(steps[0].at, at, cal) - citizenBeforeDecision;
      }
    }
  }
  return t;
}
