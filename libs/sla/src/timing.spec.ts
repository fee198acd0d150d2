import { DEFAULT_HOURS, WorkingCalendar } from '@app/core';
import { processingTime } from './timing';

const cal: WorkingCalendar = { timeZone: 'Africa/Casablanca', hours: DEFAULT_HOURS, holidays: new Set() };
const at = (local: string) => new Date(`${local}+01:00`);

describe('processing time split', () => {
  it('counts agent time, citizen waits and the decision in working minutes', () => {
    const steps = [
      { to: 'submitted', at: at('2026-11-23T09:00:00') },
      { to: 'in_review', at: at('2026-11-23T10:00:00') },
      { to: 'needs_info', at: at('2026-11-23T11:00:00') }, // citizen answers the next morning
      { to: 'in_review', at: at('2026-11-24T09:30:00') },
      { to: 'approved', at: at('2026-11-24T10:30:00') },
      { to: 'ready_for_pickup', at: at('2026-11-24T10:31:00') },
      { to: 'delivered', at: at('2026-11-25T09:00:00') },
    ];
    const t = processingTime(steps, at('2026-11-25T09:00:00'), cal);
    // waiting: 11:00→16:30 (330) + 08:30→09:30 (60); pickup wait 10:31→16:30 (359) + 08:30→09:00 (30)
    expect(t.citizenMinutes).toBe(330 + 60 + 359 + 30);
    expect(t.agentMinutes).toBe(60 + 60 + 60 + 1);
    // submission → approval is 330 + 480… minus the citizen's 390: 09:00→16:30 (450) + 08:30→10:30 (120) − 390
    expect(t.decisionMinutes).toBe(450 + 120 - 390);
    expect(t.externalMinutes).toBe(0);
  });

  it('puts time at another administration apart, and leaves no decision for a cancelled request', () => {
    const forwarded = processingTime(
      [
        { to: 'submitted', at: at('2026-11-23T09:00:00') },
        { to: 'in_review', at: at('2026-11-23T09:30:00') },
        { to: 'forwarded', at: at('2026-11-23T10:00:00') },
        { to: 'ready_for_pickup', at: at('2026-11-27T10:00:00') },
      ],
      at('2026-11-27T10:00:00'),
      cal,
    );
    expect(forwarded.externalMinutes).toBe(4 * 480);
    expect(forwarded.decisionMinutes).toBe(60);
    const cancelled = processingTime(
      [
        { to: 'submitted', at: at('2026-11-23T09:00:00') },
        { to: 'cancelled', at: at('2026-11-23T09:10:00') },
      ],
      at('2026-11-23T09:10:00'),
      cal,
    );
    expect(cancelled).toEqual({ decisionMinutes: null, agentMinutes: 10, citizenMinutes: 0, externalMinutes: 0 });
  });
  it('gives the wait for another administration’s document to the agency, never twice, and the citizen’s wait meanwhile to the citizen', () => {
    const t = processingTime(
      [
        { to: 'submitted', at: at('2026-11-23T09:00:00') },
        { to: 'needs_info', at: at('2026-11-23T10:00:00') },
        { to: 'in_review', at: at('2026-11-23T11:00:00') },
        { to: 'approved', at: at('2026-11-24T10:00:00') },
      ],
      at('2026-11-24T10:00:00'),
      cal,
      [
        { from: at('2026-11-23T09:00:00'), until: at('2026-11-23T12:00:00') },
        { from: at('2026-11-23T09:00:00'), until: at('2026-11-23T13:00:00') },
      ],
    );
    // awaited 09:00→10:00 and 11:00→13:00 (the citizen's hour in between stays theirs)
    expect(t.externalMinutes).toBe(60 + 120);
    expect(t.citizenMinutes).toBe(60);
    // in review 13:00→16:30 (210) + 08:30→10:00 (90)
    expect(t.agentMinutes).toBe(210 + 90);
    expect(t.decisionMinutes).toBe(210 + 90);
  });
});
