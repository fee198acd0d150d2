import { addWorkingDays, addWorkingMinutes, DEFAULT_HOURS, WorkingCalendar, workingMinutesBetween } from './working-time';

const cal = (holidays: string[] = []): WorkingCalendar => ({
  timeZone: 'Africa/Casablanca',
  hours: DEFAULT_HOURS,
  holidays: new Set(holidays),
});
/** A local Casablanca wall-clock time as an instant. */
const at = (local: string, offset: '+01:00' | '+00:00' = '+01:00') => new Date(`${local}${offset}`);

describe('working time (Mon–Fri 08:30–16:30, Africa/Casablanca)', () => {
  it('adds time inside one working day', () => {
    expect(addWorkingMinutes(at('2026-11-24T09:00:00'), 120, cal())).toEqual(at('2026-11-24T11:00:00'));
  });

  it('starts the clock at opening when submitted before it, and moves past the day boundary', () => {
    expect(addWorkingMinutes(at('2026-11-24T06:00:00'), 30, cal())).toEqual(at('2026-11-24T09:00:00'));
    // 16:00 + 1 h: 30 min today, 30 min tomorrow from 08:30.
    expect(addWorkingMinutes(at('2026-11-24T16:00:00'), 60, cal())).toEqual(at('2026-11-25T09:00:00'));
    // Submitted after closing: counts from the next opening.
    expect(addWorkingMinutes(at('2026-11-24T20:00:00'), 60, cal())).toEqual(at('2026-11-25T09:30:00'));
  });

  it('skips the week-end', () => {
    // Friday 16:00 + 2 h → Monday 10:00.
    expect(addWorkingMinutes(at('2026-11-27T16:00:00'), 120, cal())).toEqual(at('2026-11-30T10:00:00'));
    expect(workingMinutesBetween(at('2026-11-27T16:00:00'), at('2026-11-30T10:00:00'), cal())).toBe(120);
  });

  it('skips a fixed holiday (recurring MM-DD) and a dated one', () => {
    // Wednesday 18 November is Independence Day.
    expect(addWorkingMinutes(at('2026-11-17T16:00:00'), 60, cal(['11-18']))).toEqual(at('2026-11-19T09:00:00'));
    // A movable religious holiday added for one year only.
    expect(addWorkingMinutes(at('2026-05-26T16:00:00'), 60, cal(['2026-05-27', '2026-05-28']))).toEqual(at('2026-05-29T09:00:00'));
  });

  it('keeps opening at 08:30 local across the Ramadan change of UTC offset (Morocco goes to UTC+0)', () => {
    // Friday 13 Feb 2026 is UTC+1; Monday 16 Feb 2026 is UTC+0 (the zone switched on Sunday 15).
    const due = addWorkingMinutes(at('2026-02-13T16:00:00', '+01:00'), 60, cal());
    expect(due).toEqual(at('2026-02-16T09:00:00', '+00:00'));
    expect(due.toISOString()).toBe('2026-02-16T09:00:00.000Z');
    // And back to UTC+1 on Sunday 22 March 2026.
    expect(addWorkingMinutes(at('2026-03-20T16:00:00', '+00:00'), 60, cal())).toEqual(at('2026-03-23T09:00:00', '+01:00'));
    expect(workingMinutesBetween(at('2026-03-20T16:00:00', '+00:00'), at('2026-03-23T09:00:00', '+01:00'), cal())).toBe(60);
  });

  it('measures working minutes between two instants, 0 when reversed', () => {
    expect(workingMinutesBetween(at('2026-11-23T08:00:00'), at('2026-11-28T12:00:00'), cal())).toBe(5 * 8 * 60);
    expect(workingMinutesBetween(at('2026-11-24T12:00:00'), at('2026-11-24T11:00:00'), cal())).toBe(0);
  });

  it('round-trips: the working minutes up to the due time are the target', () => {
    const start = at('2026-11-26T15:10:00');
    for (const minutes of [1, 59, 480, 481, 2400, 7777]) {
      expect(workingMinutesBetween(start, addWorkingMinutes(start, minutes, cal(['11-27'])), cal(['11-27']))).toBe(minutes);
    }
  });

  it('supports a round-the-clock calendar (00:00–24:00 every day)', () => {
    const always: WorkingCalendar = {
      timeZone: 'Africa/Casablanca',
      hours: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [['00:00', '24:00']]])),
      holidays: new Set(),
    };
    expect(addWorkingMinutes(at('2026-11-28T23:30:00'), 60, always)).toEqual(at('2026-11-29T00:30:00'));
    expect(workingMinutesBetween(at('2026-11-28T23:30:00'), at('2026-11-29T00:30:00'), always)).toBe(60);
  });

  it('refuses a calendar with no opening hours instead of looping', () => {
    expect(() =>
      addWorkingMinutes(at('2026-11-24T09:00:00'), 10, { timeZone: 'Africa/Casablanca', hours: {}, holidays: new Set() }),
    ).toThrow(/no opening hours/);
  });

  it('counts a legal delay in working days from the day after filing, to the close of the last one', () => {
    // Filed Thursday 26 Nov 2026: Fri 27, (week-end), Mon 30, Tue 1 (holiday), Wed 2, Thu 3, Fri 4 Dec.
    expect(addWorkingDays(at('2026-11-26T10:00:00'), 5, cal(['2026-12-01']))).toEqual(at('2026-12-04T16:30:00'));
    // Filed on a Saturday: Monday is the first day.
    expect(addWorkingDays(at('2026-11-28T10:00:00'), 1, cal())).toEqual(at('2026-11-30T16:30:00'));
  });

  it('follows seasonal hours in their date range (Ramadan 09:00–15:00), the weekly hours outside it', () => {
    const ramadan: WorkingCalendar = {
      ...cal(),
      seasons: [{ from: '2027-02-08', to: '2027-03-09', hours: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [['09:00', '15:00']]])) }],
    };
    // Tuesday 9 March 2027, last day of the season: 14:30 + 1 h → 30 min then Wednesday 10 (weekly hours) from 08:30.
    expect(addWorkingMinutes(at('2027-03-09T14:30:00', '+00:00'), 60, ramadan).toISOString()).toBe(
      at('2027-03-10T09:00:00', '+00:00').toISOString(),
    );
    expect(addWorkingDays(at('2027-02-10T10:00:00', '+00:00'), 1, ramadan).toISOString()).toBe(
      at('2027-02-11T15:00:00', '+00:00').toISOString(),
    );
  });
});
