import { workingMinutesBetween, WorkingCalendar } from '@app/core';
import { LIFECYCLE, REQUEST_STATES, RequestState, StateFacts } from '@app/requests';

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
  /** At another administration: a forwarded dossier (passport, firearm licence), or a document it was asked for (law 55-19). */
  externalMinutes: number;
}

/** A wait for another administration's document: from the ask to its answer (`null`: still awaited). */
export interface ExternalWait {
  from: Date;
  until: Date | null;
}

/** Whose hands a state is, and whether it is a decision: the lifecycle table's facts (unknown names count for nobody). */
const facts = (to: string): StateFacts | undefined =>
  (REQUEST_STATES as readonly string[]).includes(to) ? LIFECYCLE[to as RequestState] : undefined;

/**
 * Splits a request's life by whose hands it was in, in working time. `steps` are its state
 * changes in order (the first is the submission); `end` closes the last interval. `waits` are the
 * documents asked of other administrations: while one is awaited, time the annex would hold
 * (submitted, in review) is the agency's, as for a forwarded dossier, and, like the citizen's
 * waits, not part of the time to decision (the SLA clock is paused then too). A wait for the
 * citizen meanwhile stays the citizen's.
 */
export function processingTime(steps: TimelineStep[], end: Date, cal: WorkingCalendar, waits: ExternalWait[] = []): ProcessingTime {
  const t: ProcessingTime = { decisionMinutes: null, agentMinutes: 0, citizenMinutes: 0, externalMinutes: 0 };
  const external = merged(waits, end);
  let pausedBeforeDecision = 0;
  for (let i = 0; i < steps.length; i++) {
    const { to, at } = steps[i];
    const until = i + 1 < steps.length ? steps[i + 1].at : end;
    const minutes = workingMinutesBetween(at, until, cal);
    const bucket = facts(to)?.hands;
    let awaited = 0;
    if (bucket === 'agent') {
      for (const w of external) {
        const start = Math.max(at.getTime(), w.from.getTime());
        const stop = Math.min(until.getTime(), w.until.getTime());
        if (start < stop) awaited += workingMinutesBetween(new Date(start), new Date(stop), cal);
      }
      t.agentMinutes += minutes - awaited;
      t.externalMinutes += awaited;
    }
    if (bucket === 'citizen') t.citizenMinutes += minutes;
    if (bucket === 'external') t.externalMinutes += minutes;
    if (t.decisionMinutes === null) {
      if (facts(to)?.pausesSla) pausedBeforeDecision += minutes;
      pausedBeforeDecision += awaited;
      if (facts(to)?.decision && steps.length) {
        t.decisionMinutes = workingMinutesBetween(steps[0].at, at, cal) - pausedBeforeDecision;
      }
    }
  }
  return t;
}

/** The waits as disjoint intervals in order (two documents awaited at once count once). */
function merged(waits: ExternalWait[], end: Date): { from: Date; until: Date }[] {
  const sorted = waits.map((w) => ({ from: w.from, until: w.until ?? end })).sort((a, b) => a.from.getTime() - b.from.getTime());
  const out: { from: Date; until: Date }[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w.from.getTime() <= last.until.getTime()) {
      if (w.until.getTime() > last.until.getTime()) last.until = w.until;
    } else out.push({ ...w });
  }
  return out;
}
