import { DateTime } from 'luxon';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';

/**
 * Counter-queue metrics on crafted tickets with known times: every figure is checked exactly.
 * Day 2026-05-04 (Monday, Casablanca UTC+1); times below are UTC.
 */
describe('reception: ticket metrics', () => {
  let t: TestApp;
  let supervisor: string;
  let timeZone: string;
  const DAY = '2026-05-04';

  beforeAll(async () => {
    t = await createTestApp();
    supervisor = await t.token('supervisor');
    const [{ annex_id: annexId, id: staffId, time_zone }] = await t.db.query(
      `SELECT s.annex_id, s.id, a.time_zone FROM staff s JOIN annex a ON a.id = s.annex_id WHERE s.username = 'reception'`,
    );
    timeZone = time_zone;
    const at = (hm: string) => `${DAY}T${hm}:00Z`;
    // [number, group, state, counter, created, first call, last call, closed]
    const tickets: [string, string, string, number | null, string, string | null, string | null, string | null][] = [
      ['A-001', 'A', 'closed', 1, at('09:00'), at('09:10'), at('09:10'), at('09:16')], // wait 10, service 6
      ['A-002', 'A', 'closed', 2, at('09:05'), at('09:25'), at('09:25'), at('09:29')], // wait 20, service 4
      ['A-003', 'A', 'no_show', 1, at('09:20'), at('09:50'), at('09:50'), at('09:55')], // wait 30
      ['A-004', 'A', 'waiting', null, at('10:00'), null, null, null],
      ['B-001', 'B', 'closed', 2, at('09:00'), at('09:30'), at('09:40'), at('09:45')], // recalled: wait 30 to the first call, service 5 from the last
    ];
    for (const [number, grp, state, counter, created, first, last, closed] of tickets) {
      const [{ id }] = await t.db.query(
        `INSERT INTO ticket (annex_id, day, grp, number, state, counter, issued_by, created_at, called_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [annexId, DAY, grp, number, state, counter, staffId, created, last, closed],
      );
      await t.db.query(`INSERT INTO ticket_event (ticket_id, type, at) VALUES ($1, 'issued', $2)`, [id, created]);
      if (first)
        await t.db.query(`INSERT INTO ticket_event (ticket_id, type, counter, at) VALUES ($1, 'called', $2, $3)`, [id, counter, first]);
      if (last && last !== first)
        await t.db.query(
          `INSERT INTO ticket_event (ticket_id, type, counter, at) VALUES ($1, 'recalled', $2, $3), ($1, 'called', $2, $3)`,
          [id, counter, last],
        );
    }
  });
  afterAll(async () => t.close());

  const get = (query: string, token = supervisor) =>
    t.http.get(`/api/v1/metrics/tickets?from=${DAY}&to=${DAY}&${query}`).set(bearer(token));

  it('gives tickets, no-shows, waiting and service times per service group', async () => {
    const res = await get('groupBy=group').expect(200);
    expect(res.body).toMatchObject({ groupBy: 'group', from: DAY, to: DAY });
    const [a, b] = res.body.groups;
    expect(a).toEqual({
      key: 'A',
      tickets: 4,
      served: 2,
      noShows: 1,
      waiting: 1,
      waitMeanMinutes: 20,
      waitMedianMinutes: 20,
      waitP90Minutes: 28, // percentile_cont over 10, 20, 30
      serviceMeanMinutes: 5,
      serviceMedianMinutes: 5,
      predictedWaitMaeMinutes: null,
      punctualityMeanMinutes: null, // tickets written without a prediction, no appointment
    });
    expect(b).toEqual({
      key: 'B',
      tickets: 1,
      served: 1,
      noShows: 0,
      waiting: 0,
      waitMeanMinutes: 30,
      waitMedianMinutes: 30,
      waitP90Minutes: 30,
      serviceMeanMinutes: 5,
      serviceMedianMinutes: 5,
      predictedWaitMaeMinutes: null,
      punctualityMeanMinutes: null,
    });
  });

  it('per counter and per local hour of issue', async () => {
    const counters = (await get('groupBy=counter').expect(200)).body.groups;
    expect(counters.map((g: { key: string }) => g.key)).toEqual(['1', '2', 'none']);
    expect(counters[0]).toMatchObject({ tickets: 2, served: 1, noShows: 1, waitMeanMinutes: 20, serviceMeanMinutes: 6 });
    expect(counters[1]).toMatchObject({ tickets: 2, served: 2, waitMeanMinutes: 25, serviceMeanMinutes: 4.5 });
    expect(counters[2]).toMatchObject({ tickets: 1, waiting: 1, waitMeanMinutes: null, serviceMeanMinutes: null });

    const hours = (await get('groupBy=hour').expect(200)).body.groups;
    const local = (utc: string) => DateTime.fromISO(`${DAY}T${utc}:00Z`).setZone(timeZone).toFormat('HH');
    expect(hours.map((g: { key: string; tickets: number }) => [g.key, g.tickets])).toEqual([
      [local('09:00'), 4],
      [local('10:00'), 1],
    ]);
  });

  it('refuses bad periods with the field named', async () => {
    const bad = await t.http.get(`/api/v1/metrics/tickets?from=2026-05-05&to=${DAY}`).set(bearer(supervisor)).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'from', reason: 'range' });
    const wrong = await t.http.get('/api/v1/metrics/tickets?groupBy=agent').set(bearer(supervisor)).expect(400);
    expect(wrong.body.errors[0].field).toBe('groupBy');
  });

  it('is for supervisors, admins and reception only', async () => {
    await get('groupBy=group', await t.token('reception')).expect(200);
    await get('groupBy=group', await t.token('admin')).expect(200);
    await get('groupBy=group', await t.token('agent1')).expect(403);
    const c = await newCitizen(t.db);
    await get('groupBy=group', await t.token(c.cin, c.password)).expect(403);
    await t.http.get('/api/v1/metrics/tickets').expect(401);
  });
});
