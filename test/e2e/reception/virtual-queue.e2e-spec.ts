import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DateTime } from 'luxon';
import { CalendarService } from '@app/core';
import { Clock } from '@app/reception';
import { AppointmentsService } from '../../../libs/reception/src/appointments/appointments.service';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { bearer, createTestApp, eventually, sessionToken, TestApp } from '../../support/app';
import { newCin, newCitizen } from '../../support/factories';

const ZONE = 'Africa/Casablanca';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toUTC().toISO()!;

/**
 * The virtual queue on a scripted day (fake clock): a ticket from the phone during opening hours,
 * once a day; the "your turn is near" SMS once per appointment or phone ticket; the supervisor's
 * figures (predicted-wait error, punctuality, booked against capacity, no-show rate).
 */
describe('virtual walk-in tickets and the turn-is-near SMS', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let annexId: string;
  let kiosk: string;
  let agent: string;
  let supervisor: string;
  let now: string | null = null;
  const smsFile = join(mkdtempSync(join(tmpdir(), 'sms-')), 'sms.jsonl');
  const sms = (): { to: string; text: string; template: string }[] =>
    existsSync(smsFile)
      ? readFileSync(smsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];

  beforeAll(async () => {
    Object.assign(process.env, { SMS_PROVIDER: 'file', SMS_FILE: smsFile, QUEUE_NOTIFY_AHEAD: '2' });
    t = await createTestApp();
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => (now ? new Date(now) : new Date()));
    const [annex] = await t.db.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, pachalik, time_zone, opening_hours) VALUES ($1, 'ملحقة', 'Annexe test', 'Berkane', 'Berkane', $2, $3) RETURNING id`,
      [
        `VQ${Date.now().toString().slice(-6)}`,
        ZONE,
        JSON.stringify({
          mon: ['08:00', '12:00'],
          tue: ['08:00', '12:00'],
          wed: ['08:00', '12:00'],
          thu: ['08:00', '12:00'],
          fri: ['08:00', '12:00'],
        }),
      ],
    );
    annexId = annex.id;
    t.app.get(CalendarService).invalidate();
    await t.db.query(
      `INSERT INTO bookable_service (annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time) VALUES ($1, 'LIFE', 'D', 30, 2, 7, '08:00')`,
      [annexId],
    );
    const staff = async (username: string, role: string, channel: string, counter: number | null = null) => {
      const [s] = await t.db.query(`SELECT id FROM staff WHERE username = $1`, [username]);
      return sessionToken(t, { sub: s.id, kind: 'staff', role, annexId, counter, channel });
    };
    kiosk = await staff('kiosk', 'kiosk', 'kiosk');
    agent = await staff('agent1', 'agent', 'counter', 1);
    supervisor = await staff('supervisor', 'supervisor', 'counter');
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await worker?.close();
    await t?.close();
    delete process.env.QUEUE_NOTIFY_AHEAD;
  });

  const citizen = async () => {
    const c = await newCitizen(t.db);
    return { ...c, token: await t.token(c.cin, c.password) };
  };
  const take = (token: string, body: object = { procedureCode: 'LIFE', annexId }) =>
    t.http.post('/api/v1/me/tickets').set(bearer(token)).send(body);
  const walkIn = async (time: string) => {
    now = at(`2030-01-07T${time}`);
    return (await t.http.post('/api/v1/tickets').set(bearer(kiosk)).send({ group: 'D' }).expect(201)).body;
  };
  const next = async (time: string) => {
    now = at(`2030-01-07T${time}`);
    return (
      await t.http
        .post('/api/v1/counters/1/call-next')
        .set(bearer(agent))
        .send({ groups: ['D'] })
        .expect(200)
    ).body;
  };
  const nearRows = async (ticketId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE idempotency_key = $1`, [`ticket-near:${ticketId}`]))[0].n;

  it('plays a day: phone tickets in the opening hours once a day, one near-turn SMS each, and the figures', async () => {
    const [v, a, b] = await Promise.all([citizen(), citizen(), citizen()]);
    // Booked earlier (booking itself is appointments.e2e's): A at 08:30, B at 09:00 (B will not come).
    const booked = async (c: { id: string }, time: string, code: string) =>
      (
        await t.db.query(
          `INSERT INTO appointment (annex_id, service_id, procedure_code, grp, citizen_id, code, starts_at, ends_at, channel, booked_by)
           SELECT $1, id, 'LIFE', 'D', $2, $3, $4::timestamptz, $4::timestamptz + interval '30 minutes', 'web', $2 FROM bookable_service WHERE annex_id = $1 RETURNING code`,
          [annexId, c.id, code, at(`2030-01-07T${time}`)],
        )
      )[0];
    const suffix = Date.now().toString(36).toUpperCase().slice(-4);
    const ap = await booked(a, '08:30', `VQA${suffix}`.padEnd(8, 'X'));
    await booked(b, '09:00', `VQB${suffix}`.padEnd(8, 'X'));
    now = at('2030-01-06T10:00');

    // Sunday, and Monday before opening: no ticket from the phone.
    const sunday = await take(v.token).expect(409);
    expect(sunday.body).toMatchObject({ type: expect.stringMatching(/queue-closed$/), detail: expect.stringMatching(/closed today/) });
    now = at('2030-01-07T07:30');
    const early = await take(v.token).expect(409);
    expect(early.body.detail).toMatch(/today 08:00-12:00/);
    // Bad input names the field.
    await take(v.token, { annexId })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('procedureCode'));
    await take(v.token, { procedureCode: 'PASSPORT', annexId })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('procedureCode'));
    await t.http.post('/api/v1/me/tickets').set(bearer(kiosk)).send({ procedureCode: 'LIFE', annexId }).expect(403);

    const w1 = await walkIn('08:00');
    const w2 = await walkIn('08:01');
    const w3 = await walkIn('08:02');
    now = at('2030-01-07T08:05');
    const mine = await take(v.token).expect(201);
    // Three ahead, 6 minutes each without history yet.
    expect(mine.body).toMatchObject({
      group: 'D',
      state: 'waiting',
      virtual: true,
      appointmentId: null,
      ahead: 3,
      estimatedWaitMinutes: 18,
    });
    const again = await take(v.token).expect(409);
    expect(again.body).toMatchObject({
      type: expect.stringMatching(/ticket-already-taken$/),
      detail: expect.stringContaining(mine.body.number),
    });
    const listed = await t.http.get('/api/v1/tickets?state=waiting').set(bearer(agent)).expect(200);
    expect(listed.body.items.find((i: { id: string }) => i.id === mine.body.id)).toMatchObject({ virtual: true });

    // A checks in early (08:07 for 08:30): behind the walk-ins until 08:30.
    now = at('2030-01-07T08:07');
    const ta = (await t.http.post(`/api/v1/appointments/${ap.code}/check-in`).set(bearer(kiosk)).expect(201)).body;

    // QUEUE_NOTIFY_AHEAD=2. 08:10: W1 called; W2, W3 ahead of V: V is texted; A (3 ahead) not yet.
    expect((await next('08:10')).id).toBe(w1.id);
    expect([await nearRows(mine.body.id), await nearRows(ta.id)]).toEqual([1, 0]);
    // 08:15: W2 called; A now has W3 and V ahead: texted; V's SMS is not sent twice.
    expect((await next('08:15')).id).toBe(w2.id);
    expect((await next('08:20')).id).toBe(w3.id);
    expect((await next('08:25')).id).toBe(mine.body.id);
    expect((await next('08:30')).id).toBe(ta.id);
    expect([await nearRows(mine.body.id), await nearRows(ta.id)]).toEqual([1, 1]);
    // Walk-ins without a phone ticket or a booking are not texted.
    for (const w of [w1, w2, w3]) expect(await nearRows(w.id)).toBe(0);

    // B never came: the sweep records the no-show.
    now = at('2030-01-07T09:20');
    await t.app.get(AppointmentsService).sweep();

    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const near = await eventually(async () => sms().find((m) => m.to === v.phone && m.template === 'ticket.near'));
    expect(near.text).toContain(mine.body.number);
    await eventually(async () => sms().some((m) => m.to === a.phone && m.template === 'ticket.near'));
    const first = await eventually(async () => sms().find((m) => m.to === v.phone && m.template === 'ticket.virtual'));
    expect(first.text).toContain(mine.body.number);
    expect(first.text).toContain('18');
    await eventually(
      async () => (await t.db.query(`SELECT 1 FROM outbox_message WHERE relayed_at IS NULL AND annex_id = $1`, [annexId])).length === 0,
    );
    expect(
      sms()
        .filter((m) => m.to === v.phone)
        .map((m) => m.template)
        .sort(),
    ).toEqual(['ticket.near', 'ticket.virtual']);
    expect(
      sms()
        .filter((m) => m.to === a.phone)
        .map((m) => m.template)
        .sort(),
    ).toEqual(['ticket.near']);

    // The supervisor's figures for the day.
    const kinds = await t.http
      .get('/api/v1/metrics/tickets?groupBy=kind&from=2030-01-07&to=2030-01-07')
      .set(bearer(supervisor))
      .expect(200);
    const byKind = Object.fromEntries(kinds.body.groups.map((g: { key: string }) => [g.key, g]));
    // Told 0, 6, 12 and 18 min; called after 10, 14, 18 and 20: |10-0|, |14-6|, |18-12|, |20-18| → mean 6.5.
    expect(byKind.walk_in).toMatchObject({ tickets: 4, predictedWaitMaeMinutes: 6.5, punctualityMeanMinutes: null });
    // A checked in 23 minutes before the appointment's time.
    expect(byKind.appointment).toMatchObject({ tickets: 1, predictedWaitMaeMinutes: null, punctualityMeanMinutes: -23 });
    // Monday 08-12, 30-minute slots × 2 counters: 4 places an hour; A checked in at 08:30, B a no-show at 09:00.
    expect(kinds.body.appointmentNoShowRate).toBe(0.5);
    expect(kinds.body.appointments).toEqual([
      { group: 'D', hour: '08', capacity: 4, booked: 1, checkedIn: 1, noShows: 0, noShowRate: 0 },
      { group: 'D', hour: '09', capacity: 4, booked: 1, checkedIn: 0, noShows: 1, noShowRate: 1 },
      { group: 'D', hour: '10', capacity: 4, booked: 0, checkedIn: 0, noShows: 0, noShowRate: null },
      { group: 'D', hour: '11', capacity: 4, booked: 0, checkedIn: 0, noShows: 0, noShowRate: null },
    ]);
  });
  it('books without an account: CIN and phone on file, a one-time code by SMS, then the booking', async () => {
    now = at('2030-01-06T10:00');
    const g = await newCitizen(t.db);
    const slot = at('2030-01-07T10:00');
    const start = (body: object) =>
      t.http.post('/api/v1/appointments/guest').send({ procedureCode: 'LIFE', startsAt: slot, annexId, ...body });
    const otp = async (codeId: string) =>
      (await t.db.query(`SELECT payload->'data'->>'code' AS code FROM outbox_message WHERE idempotency_key = $1`, [`otp:${codeId}`]))[0]
        ?.code;

    await start({ cin: g.cin, phone: g.phone, startsAt: at('2030-01-07T10:10') })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('startsAt'));
    await start({ cin: g.cin })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('phone'));
    // A CIN and phone that match nobody get the same answer, and no SMS.
    const stranger = await start({ cin: newCin(), phone: g.phone }).expect(202);
    expect(stranger.body).toEqual({ codeId: expect.any(String), expiresAt: expect.any(String) });
    expect(await otp(stranger.body.codeId)).toBeUndefined();

    const started = await start({ cin: g.cin, phone: g.phone }).expect(202);
    const code = await otp(started.body.codeId);
    expect(code).toMatch(/^\d{6}$/);
    const confirm = (c: string) => t.http.post('/api/v1/appointments/guest/confirm').send({ codeId: started.body.codeId, code: c });
    await confirm(code === '000000' ? '111111' : '000000')
      .expect(400)
      .expect((r) => expect(r.body.errors[0]).toMatchObject({ field: 'code', reason: 'invalid' }));
    const booked = await confirm(code).expect(201);
    expect(booked.body).toMatchObject({
      procedureCode: 'LIFE',
      startsAt: slot,
      state: 'booked',
      group: 'D',
      code: expect.stringMatching(/^[A-Z0-9]{8}$/),
    });
    await confirm(code)
      .expect(400)
      .expect((r) => expect(r.body.errors[0].reason).toBe('used'));
    // The citizen finds it once signed in, and the confirmation SMS is on its way.
    const mine = await t.http
      .get('/api/v1/me/appointments')
      .set(bearer(await t.token(g.cin, g.password)))
      .expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: booked.body.id, state: 'booked' })]);
    const [sent] = await t.db.query(`SELECT payload FROM outbox_message WHERE idempotency_key LIKE $1`, [
      `appointment-booked:${booked.body.id}:%`,
    ]);
    expect(sent.payload).toMatchObject({
      template: 'appointment.booked',
      recipient: { citizenId: g.id },
      data: { code: booked.body.code },
    });
    // Every booking rule holds: a second code for the same procedure finds the booking already there.
    const twice = await start({ cin: g.cin, phone: g.phone, startsAt: at('2030-01-07T10:30') }).expect(202);
    const again = await t.http
      .post('/api/v1/appointments/guest/confirm')
      .send({ codeId: twice.body.codeId, code: await otp(twice.body.codeId) })
      .expect(409);
    expect(again.body.type).toMatch(/appointment-already-booked$/);
  });
});
