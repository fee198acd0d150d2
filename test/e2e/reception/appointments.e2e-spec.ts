import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CalendarService } from '@app/core';
import { Clock } from '@app/reception';
import { AppointmentsService } from '../../../libs/reception/src/appointments/appointments.service';
import { ScreenBus, ScreenEvent } from '../../../libs/reception/src/screen/screen-bus';
import { bearer, createTestApp, eventually, sessionToken, TestApp } from '../../support/app';
import { newCitizen, newPhone } from '../../support/factories';
import { startWorker } from '../../support/worker';

const ZONE = 'Africa/Casablanca';
/** Local wall-clock time of the test annex → ISO instant. */
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toUTC().toISO()!;

describe('appointments and the queue policy', () => {
  let t: TestApp;
  let annexId: string;
  let reception: string;
  let kiosk: string;
  let agent: string;
  let now: string | null = null;
  let staffOf: (username: string, role: string) => Promise<string>;
  const smsFile = join(mkdtempSync(join(tmpdir(), 'sms-')), 'sms.jsonl');
  const sms = (): { to: string; text: string; template: string; language: string }[] =>
    existsSync(smsFile)
      ? readFileSync(smsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];

  beforeAll(async () => {
    Object.assign(process.env, {
      SMS_PROVIDER: 'file',
      SMS_FILE: smsFile,
      APPOINTMENT_LIMIT_PER_CIN: '2',
      APPOINTMENT_LIMIT_PER_PHONE: '3',
      APPOINTMENT_SWEEP_SECONDS: '1',
      APPOINTMENT_BOOKINGS_PER_IP_PER_MINUTE: '1000',
    });
    t = await createTestApp();
    // A fake clock for the queue and the appointments: the test plays its day at chosen instants.
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => (now ? new Date(now) : new Date()));
    // An annex of this file's own: hours with a split Tuesday, a holiday on Wednesday 2030-01-09.
    const [annex] = await t.db.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, pachalik, time_zone, opening_hours)
       VALUES ($1, 'ملحقة', 'Annexe test', 'Berkane', 'Berkane', $2, $3) RETURNING id`,
      [
        `AP${Date.now().toString().slice(-6)}`,
        ZONE,
        JSON.stringify({
          mon: ['08:00', '12:00'],
          tue: [
            ['08:00', '10:00'],
            ['14:00', '15:00'],
          ],
          wed: ['08:00', '12:00'],
          thu: ['08:00', '12:00'],
          fri: ['08:00', '12:00'],
        }),
      ],
    );
    annexId = annex.id;
    await t.db.query(`INSERT INTO holiday (annex_id, day, name_ar, name_fr) VALUES ($1, '2030-01-09', 'عطلة', 'Fermeture')`, [annexId]);
    t.app.get(CalendarService).invalidate();
    for (const code of ['LIFE', 'CELIBACY', 'INCOME']) {
      await t.db.query(
        `INSERT INTO bookable_service (annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time) VALUES ($1, $2, 'D', 30, 2, 7, '08:00')`,
        [annexId, code],
      );
    }
    const staff = async (username: string, role: string, channel: string, counter: number | null = null) => {
      const [s] = await t.db.query(`SELECT id FROM staff WHERE username = $1`, [username]);
      return sessionToken(t, { sub: s.id, kind: 'staff', role, annexId, counter, channel });
    };
    staffOf = (username: string, role: string) => staff(username, role, 'counter');
    reception = await staff('reception', 'reception', 'counter');
    kiosk = await staff('kiosk', 'kiosk', 'kiosk');
    agent = await staff('agent1', 'agent', 'counter', 1);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    for (const k of [
      'APPOINTMENT_LIMIT_PER_CIN',
      'APPOINTMENT_LIMIT_PER_PHONE',
      'APPOINTMENT_SWEEP_SECONDS',
      'APPOINTMENT_BOOKINGS_PER_IP_PER_MINUTE',
    ])
      delete process.env[k];
  });

  const citizen = async (overrides: Record<string, unknown> = {}) => {
    const c = await newCitizen(t.db, overrides);
    return { ...c, token: await t.token(c.cin, c.password) };
  };
  const slots = (from: string, to: string, procedure = 'LIFE') =>
    t.http.get(`/api/v1/appointments/slots?procedure=${procedure}&annex=${annexId}&from=${from}&to=${to}`);
  const book = (token: string, startsAt: string, procedureCode = 'LIFE', headers: Record<string, string> = {}) =>
    t.http.post('/api/v1/appointments').set(bearer(token)).set(headers).send({ procedureCode, startsAt, annexId });
  const free = async (startsAt: string) => {
    const day = DateTime.fromISO(startsAt, { zone: ZONE }).toISODate()!;
    const res = await slots(day, day).expect(200);
    return res.body.slots.find((s: { startsAt: string }) => s.startsAt === new Date(startsAt).toISOString())?.free ?? 0;
  };

  it('lets an admin offer a procedure by appointment in their annex, and a province-wide admin in any annex it names', async () => {
    const admin = await t.token('admin');
    const province = await t.token('province');
    const [brk5] = await t.db.query(`SELECT id FROM annex WHERE code = 'BRK5'`);
    const offer = { group: 'C', visitMinutes: 15, capacity: 1 };
    await t.http.put('/api/v1/appointments/services/INCOME').set(bearer(agent)).send(offer).expect(403);
    const bad = await t.http
      .put('/api/v1/appointments/services/INCOME')
      .set(bearer(admin))
      .send({ group: 'cc', visitMinutes: 2, capacity: 0 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['capacity', 'group', 'visitMinutes']);
    const unknown = await t.http.put('/api/v1/appointments/services/NOPE').set(bearer(admin)).send(offer).expect(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['procedureCode']);
    // An annex's admin acts on their own annex only; a province-wide admin names one.
    await t.http
      .put('/api/v1/appointments/services/INCOME')
      .set(bearer(admin))
      .send({ ...offer, annexId })
      .expect(403);
    const named = await t.http.put('/api/v1/appointments/services/INCOME').set(bearer(province)).send(offer).expect(400);
    expect(named.body.errors.map((e: { field: string }) => e.field)).toEqual(['annexId']);

    const put = await t.http.put('/api/v1/appointments/services/INCOME').set(bearer(admin)).send(offer).expect(200);
    expect(put.body).toEqual({ procedureCode: 'INCOME', annexId: brk5.id, group: 'C', visitMinutes: 15, capacity: 1, daysAhead: 14 });
    const listed = await t.http.get(`/api/v1/appointments/services?annex=${brk5.id}`).expect(200);
    expect(listed.body.items).toContainEqual(put.body);
    const offered = await t.http.get(`/api/v1/appointments/slots?procedure=INCOME&annex=${brk5.id}`).expect(200);
    expect(offered.body).toMatchObject({ group: 'C', visitMinutes: 15, capacity: 1 });
    // Changed by the province, then withdrawn: no longer listed.
    const changed = await t.http
      .put('/api/v1/appointments/services/INCOME')
      .set(bearer(province))
      .send({ ...offer, capacity: 3, annexId: brk5.id })
      .expect(200);
    expect(changed.body.capacity).toBe(3);
    await t.http
      .put('/api/v1/appointments/services/INCOME')
      .set(bearer(admin))
      .send({ ...offer, active: false })
      .expect(200);
    const after = await t.http.get(`/api/v1/appointments/services?annex=${brk5.id}`).expect(200);
    expect(after.body.items.map((i: { procedureCode: string }) => i.procedureCode)).not.toContain('INCOME');
  });

  it('lists slots from the opening hours, skipping holidays and days not yet released', async () => {
    now = at('2030-01-06T10:00'); // a Sunday
    const offered = await t.http.get(`/api/v1/appointments/services?annex=${annexId}`).expect(200);
    expect(offered.body.items.map((i: { procedureCode: string }) => i.procedureCode)).toEqual(['CELIBACY', 'INCOME', 'LIFE']);
    const res = await slots('2030-01-07', '2030-01-14').expect(200);
    expect(res.body).toMatchObject({ procedure: 'LIFE', group: 'D', visitMinutes: 30, capacity: 2 });
    const perDay: Record<string, number> = {};
    for (const s of res.body.slots)
      perDay[DateTime.fromISO(s.startsAt, { zone: ZONE }).toISODate()!] =
        (perDay[DateTime.fromISO(s.startsAt, { zone: ZONE }).toISODate()!] ?? 0) + 1;
    // Mon 08-12: 8 slots; Tue 08-10 + 14-15: 6; Wed: the annex's holiday; Thu: 8; Fri 11th: a national holiday;
    // the week-end closed; Mon 14th: released on the 7th at 08:00.
    expect(perDay).toEqual({ '2030-01-07': 8, '2030-01-08': 6, '2030-01-10': 8 });
    expect(res.body.slots[0]).toEqual({ startsAt: at('2030-01-07T08:00'), free: 2 });
    expect(res.body.slots.map((s: { startsAt: string }) => s.startsAt)).toContain(at('2030-01-08T14:30'));
    expect(res.body.slots.map((s: { startsAt: string }) => s.startsAt)).not.toContain(at('2030-01-08T10:00'));

    const c = await citizen();
    for (const [startsAt, why] of [
      [at('2030-01-07T12:00'), /not the start of a slot/],
      [at('2030-01-07T08:10'), /not the start of a slot/],
      [at('2030-01-09T09:00'), /not the start of a slot/],
      [at('2030-01-14T09:00'), /not open for booking yet/],
      [at('2030-01-05T09:00'), /past/],
    ] as const) {
      const r = await book(c.token, startsAt).expect(400);
      expect(r.body.errors[0]).toMatchObject({ field: 'startsAt', message: expect.stringMatching(why) });
    }
    await t.http
      .get(`/api/v1/appointments/slots?procedure=PASSPORT&annex=${annexId}`)
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('procedure'));
    await slots('2030-01-07', '2030-03-07')
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('to'));
  });

  it('gives the last place of a slot to exactly one of concurrent bookings', async () => {
    now = at('2030-01-06T10:00');
    const slot = at('2030-01-10T08:00');
    const first = await citizen();
    const mine = await book(first.token, slot).expect(201);
    expect(mine.body).toMatchObject({ state: 'booked', group: 'D', startsAt: slot, code: expect.stringMatching(/^[A-Z0-9]{8}$/) });
    expect(mine.body.qrSvg).toMatch(/^<svg/);
    const others = await Promise.all(Array.from({ length: 6 }, () => citizen()));
    const answers = await Promise.all(others.map((o) => book(o.token, slot)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.find((a) => a.status === 409)!.body.type).toMatch(/slot-full$/);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM appointment WHERE annex_id = $1 AND starts_at = $2 AND state = 'booked'`,
      [annexId, slot],
    );
    expect(n).toBe(2);
    expect(await free(slot)).toBe(0);
  });

  it('holds one booking per citizen and procedure, limits per CIN and per phone, and replays an Idempotency-Key', async () => {
    now = at('2030-01-06T10:00');
    const c = await citizen();
    const key = { 'Idempotency-Key': `book-${c.cin}` };
    const a = await book(c.token, at('2030-01-10T09:00'), 'LIFE', key).expect(201);
    const again = await book(c.token, at('2030-01-10T09:00'), 'LIFE', key).expect(200);
    expect(again.body.id).toBe(a.body.id);
    await book(c.token, at('2030-01-10T09:30'), 'LIFE', key).expect(422);
    const twice = await book(c.token, at('2030-01-10T09:30')).expect(409);
    expect(twice.body.type).toMatch(/appointment-already-booked$/);
    await book(c.token, at('2030-01-10T09:30'), 'CELIBACY').expect(201);
    const third = await book(c.token, at('2030-01-10T10:00'), 'INCOME').expect(409);
    expect(third.body).toMatchObject({ type: expect.stringMatching(/appointment-limit$/), detail: expect.stringMatching(/per citizen/) });

    // Three citizens sharing one phone hold three bookings; a fourth booking on that phone is refused.
    const phone = newPhone();
    const family = await Promise.all([1, 2, 3, 4].map(() => citizen({ phone })));
    for (const [i, time] of ['08:00', '08:30', '09:00'].entries()) await book(family[i].token, at(`2030-01-08T${time}`)).expect(201);
    const fourth = await book(family[3].token, at('2030-01-08T09:30')).expect(409);
    expect(fourth.body.detail).toMatch(/per phone/);
    // Staff book for a citizen they name; a citizen only for themselves.
    await t.http
      .post('/api/v1/appointments')
      .set(bearer(reception))
      .send({ procedureCode: 'LIFE', startsAt: at('2030-01-08T09:30'), annexId })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('citizenId'));
    await t.http
      .post('/api/v1/appointments')
      .set(bearer(c.token))
      .send({ procedureCode: 'LIFE', startsAt: 'tomorrow', annexId })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('startsAt'));
  });

  it('frees the place when a booking is moved or cancelled', async () => {
    now = at('2030-01-06T10:00');
    const slot = at('2030-01-10T10:30');
    const later = at('2030-01-08T14:30');
    const [a, b, stranger] = await Promise.all([citizen(), citizen(), citizen()]);
    const ba = await book(a.token, slot).expect(201);
    const bb = await book(b.token, slot).expect(201);
    expect(await free(slot)).toBe(0);
    await t.http.patch(`/api/v1/appointments/${ba.body.id}`).set(bearer(stranger.token)).send({ startsAt: later }).expect(404);
    const moved = await t.http.patch(`/api/v1/appointments/${ba.body.id}`).set(bearer(a.token)).send({ startsAt: later }).expect(200);
    expect(moved.body).toMatchObject({ id: ba.body.id, startsAt: later, code: ba.body.code });
    expect(await free(slot)).toBe(1);
    expect(await free(later)).toBe(1);
    const cancelled = await t.http.delete(`/api/v1/appointments/${bb.body.id}`).set(bearer(reception)).expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect(await free(slot)).toBe(2);
    await t.http.patch(`/api/v1/appointments/${bb.body.id}`).set(bearer(b.token)).send({ startsAt: later }).expect(409);
    // Cancelled, the citizen may book the procedure again.
    await book(b.token, slot).expect(201);
    const list = await t.http.get('/api/v1/me/appointments').set(bearer(b.token)).expect(200);
    expect(list.body.items.map((i: { state: string }) => i.state).sort()).toEqual(['booked', 'cancelled']);
  });

  it('plays a day: check-in makes appointment tickets; call-next serves priority, due appointments, then walk-ins, with the walk-in bound; a missed visit is a no-show', async () => {
    now = at('2030-01-06T10:00');
    const [p, q, r] = await Promise.all([citizen(), citizen(), citizen()]);
    const ap = (await book(p.token, at('2030-01-07T09:00')).expect(201)).body;
    const aq = (await book(q.token, at('2030-01-07T09:30')).expect(201)).body;
    const ar = (await book(r.token, at('2030-01-07T08:00')).expect(201)).body;
    const called: ScreenEvent[] = [];
    const stop = await t.app.get(ScreenBus).listen(annexId, (e) => called.push(e));
    const walkIn = async (time: string, extra: object = {}) => {
      now = at(`2030-01-07T${time}`);
      return (
        await t.http
          .post('/api/v1/tickets')
          .set(bearer(kiosk))
          .send({ group: 'D', ...extra })
          .expect(201)
      ).body;
    };
    const checkIn = (time: string, code: string, token = kiosk) => {
      now = at(`2030-01-07T${time}`);
      return t.http.post(`/api/v1/appointments/${code}/check-in`).set(bearer(token));
    };
    const next = (time: string) => {
      now = at(`2030-01-07T${time}`);
      return t.http
        .post('/api/v1/counters/1/call-next')
        .set(bearer(agent))
        .send({ groups: ['D'] });
    };

    const w1 = await walkIn('08:40');
    const tp = (await checkIn('08:45', ap.code).expect(201)).body;
    expect(tp).toMatchObject({ group: 'D', state: 'waiting', appointmentId: ap.id, dueAt: at('2030-01-07T09:00') });
    await checkIn('08:45', ap.code).expect(409);
    const early = await checkIn('08:45', aq.code).expect(409);
    expect(early.body.type).toMatch(/appointment-too-early$/);
    const late = await checkIn('08:20', ar.code, reception).expect(409);
    expect(late.body.type).toMatch(/appointment-too-late$/);
    await checkIn('08:20', 'nope')
      .expect(400)
      .expect((res) => expect(res.body.errors[0].field).toBe('code'));

    // 08:50: the appointment's time has not come: the walk-in who arrived first.
    expect((await next('08:50').expect(200)).body.id).toBe(w1.id);
    const w2 = await walkIn('08:55');
    const elderly = await walkIn('08:56', { priority: 'elderly' });
    // 09:01: priority first; 09:02: the appointment now due, before the walk-in.
    expect((await next('09:01').expect(200)).body.id).toBe(elderly.id);
    const callP = (await next('09:02').expect(200)).body;
    expect(callP).toMatchObject({
      id: tp.id,
      appointment: { code: ap.code, procedureCode: 'LIFE', startsAt: ap.startsAt, requestId: null },
    });
    const tq = (await checkIn('09:10', aq.code).expect(201)).body;
    // 09:31: Q is due, but W2 has waited 36 min, past the 30-minute bound: W2 first, then Q.
    expect((await next('09:31').expect(200)).body.id).toBe(w2.id);
    expect((await next('09:32').expect(200)).body.id).toBe(tq.id);
    // A booked visitor called and absent: the ticket's no-show is the appointment's too.
    now = at('2030-01-07T09:33');
    await t.http.post(`/api/v1/tickets/${tq.id}/no-show`).set(bearer(agent)).expect(200);
    await next('09:34').expect(404);

    const events = await eventually(async () => called.filter((e) => e.type === 'ticket.called').length >= 5 && called);
    expect(events.map((e) => [e.data.number, e.data.appointment ?? false])).toEqual([
      [w1.number, false],
      [elderly.number, false],
      [tp.number, true],
      [w2.number, false],
      [tq.number, true],
    ]);
    stop();
    // Supervisors compare the waits of booked visits and walk-ins.
    const kinds = await t.http
      .get('/api/v1/metrics/tickets?groupBy=kind&from=2030-01-07&to=2030-01-07')
      .set(bearer(await staffOf('supervisor', 'supervisor')))
      .expect(200);
    expect(kinds.body.groups.map((g: { key: string; tickets: number }) => [g.key, g.tickets])).toEqual([
      ['appointment', 2],
      ['walk_in', 3],
    ]);

    // R never came: once past the grace window the sweep records the no-show.
    now = at('2030-01-07T08:20');
    await t.app.get(AppointmentsService).sweep();
    const mine = await t.http.get('/api/v1/me/appointments').set(bearer(r.token)).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: ar.id, state: 'no_show' })]);
    const day = await t.http.get('/api/v1/appointments?day=2030-01-07').set(bearer(reception)).expect(200);
    expect(Object.fromEntries(day.body.items.map((i: { id: string; state: string }) => [i.id, i.state]))).toMatchObject({
      [ap.id]: 'checked_in',
      [aq.id]: 'no_show',
      [ar.id]: 'no_show',
    });
  });

  describe('with the worker', () => {
    let worker: INestApplicationContext;
    afterAll(async () => worker?.close());

    it("texts the confirmation in the citizen's language and the reminder once", async () => {
      now = null;
      // An annex open at every hour, so a slot within the reminder period exists whenever this runs.
      const always = JSON.stringify(
        Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00', '24:00']])),
      );
      const [open] = await t.db.query(
        `INSERT INTO annex (code, name_ar, name_fr, province, pachalik, time_zone, opening_hours) VALUES ($1, 'ملحقة', 'Annexe test', 'Berkane', 'Berkane', $2, $3) RETURNING id`,
        [`AR${Date.now().toString().slice(-6)}`, ZONE, always],
      );
      await t.db.query(
        `INSERT INTO bookable_service (annex_id, procedure_code, grp, visit_minutes, counters) VALUES ($1, 'LIFE', 'D', 30, 2)`,
        [open.id],
      );
      const c = await citizen({ preferredLanguage: 'ar' });
      const today = DateTime.now().setZone(ZONE);
      const res = await t.http
        .get(
          `/api/v1/appointments/slots?procedure=LIFE&annex=${open.id}&from=${today.toISODate()}&to=${today.plus({ days: 1 }).toISODate()}`,
        )
        .expect(200);
      const slot = res.body.slots.find((s: { startsAt: string }) => new Date(s.startsAt).getTime() > Date.now() + 20 * 3600_000);
      const a = (
        await t.http
          .post('/api/v1/appointments')
          .set(bearer(c.token))
          .send({ procedureCode: 'LIFE', startsAt: slot.startsAt, annexId: open.id })
          .expect(201)
      ).body;
      // Booked two days ago: the reminder is due now.
      await t.db.query(`UPDATE appointment SET created_at = now() - interval '2 days' WHERE id = $1`, [a.id]);
      worker = await startWorker();

      const confirmation = await eventually(async () => sms().find((m) => m.to === c.phone && m.template === 'appointment.booked'));
      expect(confirmation.language).toBe('ar');
      expect(confirmation.text).toContain(a.code);
      expect(confirmation.text).toMatch(/[\u0600-\u06FF]/);
      const reminder = await eventually(async () => sms().find((m) => m.to === c.phone && m.template === 'appointment.reminder'));
      expect(reminder.text).toContain(a.code);
      // Sweeps after the first send nothing more for it.
      const sweeps = worker.get(AppointmentsService);
      await sweeps.sweep();
      await sweeps.sweep();
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE topic = 'notify' AND payload->>'template' = 'appointment.reminder' AND payload->'data'->>'code' = $1`,
        [a.code],
      );
      expect(n).toBe(1);
      await eventually(
        async () =>
          (await t.db.query(`SELECT 1 FROM outbox_message WHERE relayed_at IS NULL AND payload->'data'->>'code' = $1`, [a.code])).length ===
          0,
      );
      expect(
        sms()
          .filter((m) => m.to === c.phone)
          .map((m) => m.template)
          .sort(),
      ).toEqual(['appointment.booked', 'appointment.reminder']);

      // The reminder's link opens the booking without signing in and cancels it with one tap: the place is free at once.
      const token = /\/a\/([A-Za-z0-9_-]+)/.exec(reminder.text)?.[1];
      expect(token).toBeDefined();
      const free = async () => {
        const q = `/api/v1/appointments/slots?procedure=LIFE&annex=${open.id}&from=${today.toISODate()}&to=${today.plus({ days: 1 }).toISODate()}`;
        return (await t.http.get(q).expect(200)).body.slots.find((s: { startsAt: string }) => s.startsAt === slot.startsAt)?.free ?? 0;
      };
      expect(await free()).toBe(1);
      // A changed character (in the MAC, or in the id) finds nothing; what is not a token is refused naming it.
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      await t.http.post(`/api/v1/appointments/link/${flip(token!, token!.length - 1)}/cancel`).expect(404);
      await t.http.get(`/api/v1/appointments/link/${flip(token!, 3)}`).expect(404);
      const bad = await t.http.post('/api/v1/appointments/link/not-a-token/cancel').expect(400);
      expect(bad.body.errors[0].field).toBe('token');
      expect(await free()).toBe(1);
      expect((await t.http.get(`/api/v1/appointments/link/${token}`).expect(200)).body).toMatchObject({ code: a.code, state: 'booked' });
      expect((await t.http.post(`/api/v1/appointments/link/${token}/cancel`).expect(200)).body.state).toBe('cancelled');
      expect(await free()).toBe(2);
      await t.http.post(`/api/v1/appointments/link/${token}/cancel`).expect(409);
    });
  });
});
