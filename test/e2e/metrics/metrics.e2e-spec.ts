import { MetricsRepository } from '@app/metrics';
import { hashPassword } from '../../../libs/accounts/src/auth/passwords';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../../support/app';
import { newCitizen, newCin, newPhone } from '../../support/factories';
import { enrolSecondFactor } from '../../support/second-factor';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';

/** Strict reading of the Prometheus text exposition format: every line must be a comment or a sample. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

describe('metrics', () => {
  let t: TestApp;
  let supervisor: string;
  let agent1: string;
  let ids: { agent1: string; agent2: string };

  beforeAll(async () => {
    t = await createTestApp();
    supervisor = await t.token('supervisor');
    agent1 = await t.token('agent1');
    const staff = await t.db.query(`SELECT id, username FROM staff WHERE username IN ('agent1', 'agent2')`);
    ids = Object.fromEntries(staff.map((s: { id: string; username: string }) => [s.username, s.id])) as typeof ids;

    // Crafted history on days nobody else writes to: decision times known to the minute.
    const c = await citizenWithTokens(t);
    const crafted: [string, string, number, boolean, string][] = [
      [ids.agent1, 'counter', 10, true, '2025-01-06T10:00:00+01:00'],
      [ids.agent1, 'counter', 20, true, '2025-01-06T11:00:00+01:00'],
      [ids.agent1, 'web', 30, true, '2025-01-07T10:00:00+01:00'],
      [ids.agent1, 'web', 40, false, '2025-01-08T10:00:00+01:00'],
      [ids.agent1, 'kiosk', 100, false, '2025-01-09T10:00:00+01:00'],
      [ids.agent2, 'counter', 60, true, '2025-01-09T12:00:00+01:00'],
    ];
    for (const [assignee, channel, minutes, within, decidedAt] of crafted) {
      const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
      await t.db.query(
        `INSERT INTO request_timing (request_id, annex_id, procedure_code, channel, assignee_id, counter, final_state, submitted_at, decided_at,
                                     closed_at, sla_target_minutes, decision_minutes, agent_minutes, citizen_minutes, external_minutes, within_sla)
         SELECT id, annex_id, 'RESIDENCE', $2, $3, 1, 'approved', $4::timestamptz - interval '1 hour', $4, $4, 1440, $5, $5, 0, 0, $6
           FROM service_request WHERE id = $1`,
        [r.body.id, channel, assignee, decidedAt, minutes, within],
      );
    }
    await t.app.get(MetricsRepository).refresh();
  });
  afterAll(async () => t.close());

  const period = 'from=2025-01-06&to=2025-01-10';

  it('computes count, mean, median, p90 and compliance exactly, per agent and for the annex', async () => {
    const res = await t.http.get(`/api/v1/metrics/processing-times?groupBy=agent&${period}`).set(bearer(supervisor)).expect(200);
    const a1 = res.body.groups.find((g: { key: string }) => g.key === ids.agent1);
    // [10, 20, 30, 40, 100]: p90 interpolates between 40 and 100 at 0.6.
    expect(a1).toMatchObject({
      count: 5,
      meanMinutes: 40,
      medianMinutes: 30,
      p90Minutes: 76,
      slaComplianceRate: 0.6,
      label: 'Youssef El Idrissi',
    });
    expect(res.body.groups.find((g: { key: string }) => g.key === ids.agent2)).toMatchObject({
      count: 1,
      meanMinutes: 60,
      medianMinutes: 60,
      p90Minutes: 60,
      slaComplianceRate: 1,
    });
    // The annex: [10, 20, 30, 40, 60, 100], four of six within the SLA.
    expect(res.body.annex).toMatchObject({ count: 6, meanMinutes: 43.3, medianMinutes: 35, p90Minutes: 80, slaComplianceRate: 0.6667 });
  });

  it('groups by channel and by day', async () => {
    const byChannel = await t.http.get(`/api/v1/metrics/processing-times?groupBy=channel&${period}`).set(bearer(supervisor)).expect(200);
    expect(byChannel.body.groups.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
      ['counter', 3],
      ['kiosk', 1],
      ['web', 2],
    ]);
    const byDay = await t.http.get(`/api/v1/metrics/processing-times?groupBy=day&${period}`).set(bearer(supervisor)).expect(200);
    expect(byDay.body.groups.find((g: { key: string }) => g.key === '2025-01-09')).toMatchObject({ count: 2, meanMinutes: 80 });
  });

  it("shows an agent their own figures and the annex average, never a colleague's", async () => {
    const own = await t.http.get(`/api/v1/metrics/processing-times?groupBy=agent&${period}`).set(bearer(agent1)).expect(200);
    expect(own.body.groups.map((g: { key: string }) => g.key)).toEqual([ids.agent1]);
    expect(own.body.annex.count).toBe(6);
    const other = await t.http.get(`/api/v1/metrics/processing-times?agentId=${ids.agent2}&${period}`).set(bearer(agent1)).expect(403);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    const c = await newCitizen(t.db);
    await t.http
      .get('/api/v1/metrics/processing-times')
      .set(bearer(await t.token(c.cin, c.password)))
      .expect(403);
    await t.http.get('/api/v1/metrics/sla').set(bearer(agent1)).expect(403);
    await t.http.get('/api/v1/metrics/census').expect(401);
  });

  it('refuses a bad period with a 400 naming the field', async () => {
    const res = await t.http.get('/api/v1/metrics/processing-times?from=2025-02-01&to=2025-01-01').set(bearer(supervisor)).expect(400);
    expect(res.body.errors[0].field).toBe('from');
    const bad = await t.http.get('/api/v1/metrics/processing-times?groupBy=planet').set(bearer(supervisor)).expect(400);
    expect(bad.body.errors[0].field).toBe('groupBy');
  });

  it('counts the SLA backlog with at-risk and overdue requests listed', async () => {
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await t.db.query(`UPDATE service_request SET overdue = true, at_risk = true WHERE id = $1`, [r.body.id]);
    const res = await t.http.get('/api/v1/metrics/sla').set(bearer(supervisor)).expect(200);
    expect(res.body.overdue).toBeGreaterThanOrEqual(1);
    expect(res.body.backlog).toBeGreaterThanOrEqual(res.body.overdue);
    expect(res.body.overdueList.map((i: { id: string }) => i.id)).toContain(r.body.id);
    // Supervisors polling together share one snapshot, which says when it was taken.
    expect(Date.now() - Date.parse(res.body.asOf)).toBeLessThan(60_000);
    const again = await t.http.get('/api/v1/metrics/sla').set(bearer(supervisor)).expect(200);
    expect(again.body).toEqual(res.body);
  });

  describe('census', () => {
    let token: string;
    beforeAll(async () => {
      // An annex of its own, so counts are exactly what this test writes.
      const [annex] = await t.db.query(
        `INSERT INTO annex (code, name_ar, name_fr, province, pachalik) VALUES ('TST9', 'ملحقة اختبار', 'Annexe test', 'Berkane', 'Berkane') RETURNING id`,
      );
      const hoods: Record<string, string> = {};
      for (const code of ['N1', 'N2', 'N3', 'N4']) {
        const [n] = await t.db.query(`INSERT INTO neighbourhood (annex_id, code, name_ar, name_fr) VALUES ($1, $2, $3, $4) RETURNING id`, [
          annex.id,
          code,
          code,
          code,
        ]);
        hoods[code] = n.id;
      }
      const people: [string, number][] = [
        ['N1', 7],
        ['N2', 3],
        ['N4', 6],
      ];
      for (const [code, n] of people) {
        for (let i = 0; i < n; i++) {
          await t.db.query(
            `INSERT INTO citizen (annex_id, cin, first_name, last_name, first_name_ar, last_name_ar, birth_date, sex, phone, neighbourhood_id, status)
             VALUES ($1, $2, 'A', 'B', 'أ', 'ب', $3, $4, $5, $6, 'unclaimed')`,
            [annex.id, newCin(), i % 2 ? '1990-01-01' : '1950-01-01', i % 2 ? 'F' : 'M', newPhone(), hoods[code]],
          );
        }
      }
      // One who moved out: kept in the register, not counted.
      await t.db.query(
        `INSERT INTO citizen (annex_id, cin, first_name, last_name, first_name_ar, last_name_ar, birth_date, sex, phone, neighbourhood_id, status, residence_to)
         VALUES ($1, $2, 'A', 'B', 'أ', 'ب', '1980-01-01', 'F', $3, $4, 'unclaimed', current_date)`,
        [annex.id, newCin(), newPhone(), hoods.N1],
      );
      await t.db.query(
        `INSERT INTO staff (annex_id, username, full_name, role, password_hash) VALUES ($1, 'tst9-supervisor', 'S', 'supervisor', $2)`,
        [annex.id, await hashPassword(DEMO_PASSWORD)],
      );
      // A supervisor must have a second factor: the test app's.
      await enrolSecondFactor(t.db, (await t.db.query(`SELECT id FROM staff WHERE username = 'tst9-supervisor'`))[0].id);
      token = await t.token('tst9-supervisor');
    });

    it('counts residents by neighbourhood and suppresses small cells (and the one that would reveal them)', async () => {
      const res = await t.http.get('/api/v1/metrics/census?by=neighbourhood').set(bearer(token)).expect(200);
      // 16 residents and 7 in N1, published rounded to the nearest multiple of 5.
      expect(res.body).toMatchObject({ total: 15, rounding: 5 });
      const cells = Object.fromEntries(
        res.body.cells.map((c: { key: string; count: number | null; suppressed: boolean }) => [c.key, [c.count, c.suppressed]]),
      );
      expect(cells).toEqual({ N1: [5, false], N2: [null, true], N3: [0, false], N4: [null, true] });
    });

    it('exports CSV with the same suppression', async () => {
      const res = await t.http.get('/api/v1/metrics/census?by=sex&format=csv').set(bearer(token)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.text.split('\r\n')[0]).toBe('sex,label,residents');
      expect(res.text).toContain('"F"');
      const byAge = await t.http.get('/api/v1/metrics/census?by=age').set(bearer(token)).expect(200);
      expect(byAge.body.cells.reduce((n: number, c: { count: number | null }) => n + (c.count ?? 0), 0)).toBeLessThanOrEqual(16);
    });
  });

  it('publishes transparency figures with no personal data', async () => {
    const res = await t.http.get('/api/v1/transparency').expect(200);
    expect(res.body.procedures.find((p: { procedureCode: string }) => p.procedureCode === 'RESIDENCE')).toBeDefined();
    expect(JSON.stringify(res.body)).not.toMatch(/cin|phone|firstName|lastName|BK123456/i);
  });

  it('exposes Prometheus text with HTTP, queue, outbox and pool series', async () => {
    await t.http.get('/api/v1/procedures').expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const samples = parsePrometheus(res.text);
    const names = [...samples.keys()];
    expect(names.some((n) => n.startsWith('http_request_duration_seconds_bucket{') && n.includes('route="/api/v1/procedures"'))).toBe(true);
    expect(names.some((n) => n.startsWith('bullmq_queue_jobs{queue="notifications",state="failed"}'))).toBe(true);
    expect(samples.has('outbox_lag_seconds')).toBe(true);
    expect(samples.has('outbox_pending_messages')).toBe(true);
    expect(names.some((n) => n.startsWith('db_pool_connections{state="total"}'))).toBe(true);
  });
});
