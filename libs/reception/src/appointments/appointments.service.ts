import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import * as QRCode from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppConfig,
  CalendarService,
  Conflict,
  decodeCursor,
  Forbidden,
  InvalidInput,
  NotFound,
  NotifyPayload,
  OutboxService,
  Page,
  Principal,
  toPage,
  WorkingCalendar,
} from '@app/core';
import { CODE_TTL_MS, OneTimeCodes } from '@app/accounts';
import { bodyHash, IdempotencyKeyReused, parseIdempotencyKey } from '@app/requests';
import { Clock } from '../clock';
import {
  AppointmentCreate,
  AppointmentDto,
  AppointmentQuery,
  AppointmentUpdate,
  BookableListDto,
  BookableServiceDto,
  BookableServiceInput,
  GuestBookingConfirm,
  GuestBookingStart,
  GuestBookingStartedDto,
  SlotQuery,
  SlotsDto,
} from './dto/appointment.dto';
import { TicketDto, VirtualTicketCreate } from '../tickets/dto/ticket.dto';
import { TicketsService } from '../tickets/tickets.service';
import { BookableService, datesBetween, slotProblem, slotStarts } from './slots';

const COLUMNS = `id, annex_id, service_id, procedure_code, grp, citizen_id, request_id, code, starts_at, ends_at, state, ticket_id, created_at, booked_by, body_hash`;
/** Booking codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a code read aloud or typed is not mistaken. */
const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const MAX_DAYS = 31;
const WAIT_CACHE_MS = 30_000;
/** Places that count against a slot's capacity. */
const HOLDING = `state IN ('booked', 'checked_in')`;

const lock = (m: EntityManager, name: string, key = 0) => m.query(`SELECT pg_advisory_xact_lock(hashtext($1), $2::int)`, [name, key]);

/**
 * Booked visits: free slots from the annex calendar and each service's counters, fair booking
 * (one active booking per citizen and procedure, limits per CIN and phone), reschedule, cancel,
 * check-in as a ticket, and (worker side) reminders and no-shows.
 */
const toBookableDto = (r: BookableService): BookableServiceDto => ({
  procedureCode: r.procedure_code,
  annexId: r.annex_id,
  group: r.grp,
  visitMinutes: r.visit_minutes,
  capacity: r.counters,
  daysAhead: r.days_ahead,
});

@Injectable()
export class AppointmentsService {
  private readonly waits = new Map<string, { at: number; minutes: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarService,
    private readonly outbox: OutboxService,
    private readonly tickets: TicketsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly codes: OneTimeCodes,
  ) {}

  /** The procedures one can book, per annex. */
  async bookable(annex: string | undefined, p?: Principal): Promise<BookableListDto> {
    const rows: BookableService[] = await this.db.query(
      `SELECT id, annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time FROM bookable_service
        WHERE active AND ($1::uuid IS NULL OR annex_id = $1) ORDER BY procedure_code, annex_id`,
      [annex ?? p?.annexId ?? null],
    );
    return { items: rows.map(toBookableDto) };
  }

  /** Offers (or changes, or with `active: false` stops) a procedure by appointment in one annex. */
  async putBookable(code: string, d: BookableServiceInput, p: Principal): Promise<BookableServiceDto> {
    if (p.annexId && d.annexId && d.annexId !== p.annexId) throw new Forbidden("An annex's admin sets its own appointments only");
    const annexId = p.annexId ?? d.annexId;
    if (!annexId) throw new InvalidInput([{ field: 'annexId', reason: 'required', message: 'a province-wide admin names the annex' }]);
    const [known] = await this.db.query(
      `SELECT (SELECT 1 FROM annex WHERE id = $1) AS annex, (SELECT 1 FROM procedure WHERE code = $2) AS procedure`,
      [annexId, code],
    );
    const errors = [
      ...(known.annex ? [] : [{ field: 'annexId', reason: 'unknown', message: 'annexId names no annex' }]),
      ...(known.procedure ? [] : [{ field: 'procedureCode', reason: 'unknown', message: `no procedure ${code} in the guide` }]),
    ];
    if (errors.length) throw new InvalidInput(errors);
    const [r]: BookableService[] = await this.db.query(
      `INSERT INTO bookable_service (annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time, active)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6, 14), COALESCE($7, '08:00'), COALESCE($8, true))
       ON CONFLICT (annex_id, procedure_code) DO UPDATE SET grp = EXCLUDED.grp, visit_minutes = EXCLUDED.visit_minutes, counters = EXCLUDED.counters,
         days_ahead = COALESCE($6, bookable_service.days_ahead), release_time = COALESCE($7, bookable_service.release_time), active = COALESCE($8, bookable_service.active)
       RETURNING id, annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time`,
      [annexId, code, d.group, d.visitMinutes, d.capacity, d.daysAhead ?? null, d.releaseTime ?? null, d.active ?? null],
    );
    return toBookableDto(r);
  }

  async slots(q: SlotQuery, p?: Principal): Promise<SlotsDto> {
    const service = await this.service(q.procedure, q.annex ?? p?.annexId ?? null, 'procedure');
    const cal = await this.calendars.forAnnex(service.annex_id);
    const now = this.clock.now().getTime();
    const from = q.from ?? DateTime.fromMillis(now, { zone: cal.timeZone }).toISODate()!;
    const to = q.to ?? DateTime.fromISO(from).plus({ days: 7 }).toISODate()!;
    if (to < from) throw new InvalidInput([{ field: 'to', reason: 'range', message: 'to must not be before from' }]);
    const days = datesBetween(from, to);
    if (days.length > MAX_DAYS) throw new InvalidInput([{ field: 'to', reason: 'range', message: `at most ${MAX_DAYS} days at once` }]);
    const starts = days.flatMap((d) => slotStarts(service, d, cal, now));
    const taken = new Map<number, number>();
    if (starts.length) {
      const rows: { starts_at: Date; n: number }[] = await this.db.query(
        `SELECT starts_at, count(*)::int AS n FROM appointment WHERE service_id = $1 AND ${HOLDING} AND starts_at BETWEEN $2 AND $3 GROUP BY starts_at`,
        [service.id, new Date(starts[0]), new Date(starts[starts.length - 1])],
      );
      for (const r of rows) taken.set(new Date(r.starts_at).getTime(), r.n);
    }
    return {
      procedure: service.procedure_code,
      annexId: service.annex_id,
      group: service.grp,
      visitMinutes: service.visit_minutes,
      capacity: service.counters,
      estimatedWaitMinutes: await this.predictedWait(service.annex_id, service.grp),
      slots: starts
        .map((t) => ({ startsAt: new Date(t).toISOString(), free: service.counters - (taken.get(t) ?? 0) }))
        .filter((s) => s.free > 0),
    };
  }

  /** The group's predicted wait, asked again every half minute at most (slot searches are many; the queue moves slowly). */
  private async predictedWait(annexId: string, group: string): Promise<number> {
    const key = `${annexId}|${group}`;
    const hit = this.waits.get(key);
    if (hit && Date.now() - hit.at < WAIT_CACHE_MS) return hit.minutes;
    const minutes = await this.tickets.predictedWait(annexId, group);
    this.waits.set(key, { at: Date.now(), minutes });
    return minutes;
  }

  /** A walk-in ticket from the phone for a bookable procedure: the queue of its group at its annex (default: the citizen's). */
  async virtualTicket(d: VirtualTicketCreate, p: Principal): Promise<TicketDto> {
    const [citizen] = await this.db.query(`SELECT annex_id FROM citizen WHERE id = $1`, [p.id]);
    const service = await this.service(d.procedureCode, d.annexId ?? citizen?.annex_id ?? null, 'procedureCode');
    return this.tickets.takeVirtual(service.annex_id, service.grp, p);
  }

  /** Books a slot; `created` is false when the same Idempotency-Key replays an earlier booking. */
  async book(
    d: AppointmentCreate,
    keyHeader: string | undefined,
    p: Principal,
    outer?: EntityManager,
  ): Promise<{ created: boolean; appointment: AppointmentDto }> {
    const key = parseIdempotencyKey(keyHeader, false);
    const citizenId = this.citizenFor(d.citizenId, p);
    const [citizen] = await this.db.query(`SELECT id, annex_id, phone FROM citizen WHERE id = $1`, [citizenId]);
    if (!citizen) throw new InvalidInput([{ field: 'citizenId', reason: 'unknown', message: 'no such citizen' }]);
    const service = await this.service(d.procedureCode, d.annexId ?? p.annexId ?? citizen.annex_id, 'procedureCode');
    const startsAt = new Date(d.startsAt).getTime();
    const hash = bodyHash({
      procedureCode: service.procedure_code,
      annexId: service.annex_id,
      startsAt,
      citizenId,
      requestId: d.requestId ?? null,
    });
    if (d.requestId) {
      const [r] = await this.db.query(`SELECT 1 FROM service_request WHERE id = $1 AND citizen_id = $2`, [d.requestId, citizenId]);
      if (!r) throw new InvalidInput([{ field: 'requestId', reason: 'unknown', message: 'no such request of this citizen' }]);
    }
    const cal = await this.calendars.forAnnex(service.annex_id);
    const run = <T>(f: (m: EntityManager) => Promise<T>) => (outer ? f(outer) : this.db.transaction(f));
    return run(async (m) => {
      // Per citizen, then per phone, then per slot: always in this order, so two bookings never wait on each other in a cycle.
      await lock(m, `appointment-citizen:${citizenId}`);
      if (key) {
        const [prior] = await m.query(`SELECT ${COLUMNS} FROM appointment WHERE booked_by = $1 AND idempotency_key = $2`, [p.id, key]);
        if (prior) {
          if (prior.body_hash !== hash) throw new IdempotencyKeyReused();
          return { created: false, appointment: await toDto(prior) };
        }
      }
      const problem = slotProblem(service, startsAt, cal, this.clock.now().getTime());
      if (problem) throw new InvalidInput([{ field: 'startsAt', reason: 'unavailable', message: problem }]);
      await this.fairness(m, citizenId, citizen.phone, service.procedure_code, null);
      await this.takePlace(m, service, startsAt);
      const [row] = await m.query(
        `INSERT INTO appointment (annex_id, service_id, procedure_code, grp, citizen_id, request_id, code, starts_at, ends_at, channel, booked_by, idempotency_key, body_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
        [
          service.annex_id,
          service.id,
          service.procedure_code,
          service.grp,
          citizenId,
          d.requestId ?? null,
          newCode(),
          new Date(startsAt),
          new Date(startsAt + service.visit_minutes * 60_000),
          p.channel,
          p.id,
          key,
          key ? hash : null,
        ],
      );
      await this.confirm(m, row, cal);
      return { created: true, appointment: await toDto(row) };
    });
  }

  /**
   * Booking without an account, step 1: the slot is checked, then a one-time code goes by SMS to
   * the phone on file when the CIN and phone match a citizen (the same answer otherwise; codes
   * counted per CIN and phone like every one-time code).
   */
  async guestStart(d: GuestBookingStart): Promise<GuestBookingStartedDto> {
    const service = await this.service(d.procedureCode, d.annexId ?? null, 'procedureCode');
    const cal = await this.calendars.forAnnex(service.annex_id);
    const startsAt = new Date(d.startsAt).getTime();
    const problem = slotProblem(service, startsAt, cal, this.clock.now().getTime());
    if (problem) throw new InvalidInput([{ field: 'startsAt', reason: 'unavailable', message: problem }]);
    return this.db.transaction(async (m) => {
      await this.codes.admit(m, { purpose: 'appointment', cin: d.cin, phone: d.phone });
      const [c] = await m.query(
        `SELECT id, preferred_language FROM citizen WHERE cin = $1 AND phone = $2 AND status IN ('active', 'unclaimed')`,
        [d.cin, d.phone],
      );
      if (!c) return { codeId: randomUUID(), expiresAt: new Date(Date.now() + CODE_TTL_MS).toISOString() };
      const code = await this.codes.issue(m, {
        purpose: 'appointment',
        subjectId: c.id,
        phone: d.phone,
        language: c.preferred_language,
        payload: { procedureCode: service.procedure_code, annexId: service.annex_id, startsAt: new Date(startsAt).toISOString() },
      });
      return { codeId: code.id, expiresAt: code.expiresAt.toISOString() };
    });
  }

  /** Step 2: the code books the slot for its citizen, under every rule of a signed-in booking; the code is spent only if the booking commits. */
  async guestConfirm(d: GuestBookingConfirm): Promise<AppointmentDto> {
    return this.db.transaction(async (m) => {
      const { subjectId, payload } = await this.codes.spend(m, d.codeId, 'appointment', d.code);
      const p: Principal = { id: subjectId!, kind: 'citizen', role: 'citizen', annexId: null, counter: null, scopes: [], channel: 'web' };
      const booking = {
        procedureCode: String(payload.procedureCode),
        startsAt: String(payload.startsAt),
        annexId: String(payload.annexId),
      };
      return (await this.book(booking, undefined, p, m)).appointment;
    });
  }

  async mine(q: AppointmentQuery, p: Principal): Promise<Page<AppointmentDto>> {
    return this.page(`citizen_id = $1`, [p.id], q);
  }

  /** Staff: the annex's appointments of one local day (default today). */
  async ofDay(q: AppointmentQuery, p: Principal): Promise<Page<AppointmentDto>> {
    if (!p.annexId)
      throw new InvalidInput([{ field: 'annex', reason: 'required', message: 'a province-wide account must act within an annex' }]);
    const { timeZone } = await this.calendars.forAnnex(p.annexId);
    const day = q.day
      ? DateTime.fromISO(q.day, { zone: timeZone })
      : DateTime.fromJSDate(this.clock.now(), { zone: timeZone }).startOf('day');
    return this.page(
      `annex_id = $1 AND starts_at >= $2 AND starts_at < $3`,
      [p.annexId, day.toJSDate(), day.plus({ days: 1 }).toJSDate()],
      q,
    );
  }

  async reschedule(id: string, d: AppointmentUpdate, p: Principal): Promise<AppointmentDto> {
    const current = await this.mayChange(id, p);
    const [service] = await this.db.query(`SELECT * FROM bookable_service WHERE id = $1`, [current.service_id]);
    const cal = await this.calendars.forAnnex(service.annex_id);
    const startsAt = new Date(d.startsAt).getTime();
    return this.db.transaction(async (m) => {
      await lock(m, `appointment-citizen:${current.citizen_id}`);
      const [a] = await m.query(`SELECT ${COLUMNS} FROM appointment WHERE id = $1 FOR UPDATE`, [id]);
      if (a.state !== 'booked')
        throw new Conflict('appointment-state', 'Not possible in this state', `The appointment is ${a.state}`, { currentState: a.state });
      if (new Date(a.starts_at).getTime() === startsAt) return toDto(a);
      const problem = slotProblem(service, startsAt, cal, this.clock.now().getTime());
      if (problem) throw new InvalidInput([{ field: 'startsAt', reason: 'unavailable', message: problem }]);
      await this.takePlace(m, service, startsAt);
      const [[row]] = await m.query(
        `UPDATE appointment SET starts_at = $2, ends_at = $3, reminded_at = NULL, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, new Date(startsAt), new Date(startsAt + service.visit_minutes * 60_000)],
      );
      await this.confirm(m, row, cal);
      return toDto(row);
    });
  }

  /** Cancels a booked visit: its place is free again at once. */
  async cancel(id: string, p: Principal): Promise<AppointmentDto> {
    await this.mayChange(id, p);
    return this.cancelBooked(id);
  }

  /**
   * The reminder SMS's cancel link: `/a/<token>`, the appointment's id and a MAC over it and its
   * time (a key of its own, derived from JWT_SECRET), so a link serves only to cancel that booking
   * at that time (moved: the old link is void). Malformed → 400; unknown or tampered → 404.
   */
  cancelLink(a: Record<string, any>): string {
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/a/${Buffer.from(a.id.replace(/-/g, ''), 'hex').toString('base64url')}${this.linkMac(a.id, a.starts_at)}`;
  }

  async byLink(token: string): Promise<AppointmentDto> {
    return toDto(await this.fromLink(token));
  }

  async cancelByLink(token: string): Promise<AppointmentDto> {
    return this.cancelBooked((await this.fromLink(token)).id);
  }

  private linkMac(id: string, startsAt: Date | string): string {
    return createHmac('sha256', `${this.config.JWT_SECRET}:appointment-cancel-link`)
      .update(`${id}|${new Date(startsAt).toISOString()}`)
      .digest()
      .subarray(0, 12)
      .toString('base64url');
  }

  private async fromLink(token: string): Promise<Record<string, any>> {
    if (!/^[A-Za-z0-9_-]{38}$/.test(token))
      throw new InvalidInput([{ field: 'token', reason: 'format', message: 'the link of the reminder SMS, as received' }]);
    const hex = Buffer.from(token.slice(0, 22), 'base64url').toString('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const [a] = await this.db.query(`SELECT ${COLUMNS} FROM appointment WHERE id = $1`, [id]);
    const given = Buffer.from(token.slice(22));
    if (!a || !timingSafeEqual(given, Buffer.from(this.linkMac(a.id, a.starts_at))))
      throw new NotFound('Appointment', 'No appointment for this link');
    return a;
  }

  /** Cancels a booked appointment (its place is free at once), or 409 naming its state. */
  private async cancelBooked(id: string): Promise<AppointmentDto> {
    const [[row]] = await this.db.query(
      `UPDATE appointment SET state = 'cancelled', updated_at = now() WHERE id = $1 AND state = 'booked' RETURNING ${COLUMNS}`,
      [id],
    );
    if (!row) {
      const [a] = await this.db.query(`SELECT state FROM appointment WHERE id = $1`, [id]);
      throw new Conflict('appointment-state', 'Not possible in this state', `The appointment is ${a.state}`, { currentState: a.state });
    }
    return toDto(row);
  }

  /**
   * At the kiosk (QR or typed code) or reception: the visit becomes a ticket of its group,
   * marked as an appointment with its time, if the visitor comes within the grace window.
   */
  async checkIn(code: string, p: Principal): Promise<TicketDto> {
    if (!/^[A-Za-z0-9]{8}$/.test(code))
      throw new InvalidInput([{ field: 'code', reason: 'format', message: 'the booking code has 8 letters and digits' }]);
    const annexId = p.annexId;
    if (!annexId)
      throw new InvalidInput([{ field: 'annex', reason: 'required', message: 'a province-wide account must act within an annex' }]);
    const cal = await this.calendars.forAnnex(annexId);
    const now = this.clock.now();
    const day = DateTime.fromJSDate(now, { zone: cal.timeZone }).toISODate()!;
    return this.db.transaction(async (m) => {
      const [a] = await m.query(`SELECT ${COLUMNS} FROM appointment WHERE code = $1 AND annex_id = $2 FOR UPDATE`, [
        code.toUpperCase(),
        annexId,
      ]);
      if (!a) throw new NotFound('Appointment', `No appointment ${code} at this annex`);
      if (a.state !== 'booked')
        throw new Conflict('appointment-state', 'Not possible in this state', `The appointment is ${a.state}`, { currentState: a.state });
      const minutesEarly = (new Date(a.starts_at).getTime() - now.getTime()) / 60_000;
      if (minutesEarly > this.config.APPOINTMENT_EARLY_MINUTES) {
        throw new Conflict(
          'appointment-too-early',
          'Too early for this appointment',
          `Check-in opens ${this.config.APPOINTMENT_EARLY_MINUTES} minutes before ${localTime(a.starts_at, cal)}`,
        );
      }
      if (-minutesEarly > this.config.APPOINTMENT_LATE_MINUTES) {
        throw new Conflict(
          'appointment-too-late',
          'Too late for this appointment',
          `The appointment was at ${localTime(a.starts_at, cal)}; take a ticket or book again`,
        );
      }
      const ticket = await this.tickets.insert(
        m,
        annexId,
        day,
        { group: a.grp, citizenId: a.citizen_id, requestId: a.request_id, appointmentId: a.id, dueAt: new Date(a.starts_at) },
        p,
      );
      await m.query(`UPDATE appointment SET state = 'checked_in', ticket_id = $2, updated_at = now() WHERE id = $1`, [a.id, ticket.id]);
      return {
        id: ticket.id,
        number: ticket.number,
        group: ticket.grp,
        priority: ticket.priority,
        state: ticket.state,
        counter: ticket.counter,
        createdAt: new Date(ticket.created_at).toISOString(),
        calledAt: null,
        appointmentId: a.id,
        dueAt: new Date(a.starts_at).toISOString(),
      };
    });
  }

  /**
   * Worker side, every APPOINTMENT_SWEEP_SECONDS: a missed visit (past its grace window) becomes a
   * no-show; a visit within APPOINTMENT_REMINDER_HOURS gets its reminder, once (the row records
   * it in the same transaction as the outbox message, whose key is unique too).
   */
  async sweep(): Promise<{ noShows: number; reminders: number }> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const [, noShows] = await m.query(
        `UPDATE appointment SET state = 'no_show', updated_at = now() WHERE state = 'booked' AND starts_at < $1::timestamptz - make_interval(mins => $2::int)`,
        [now, this.config.APPOINTMENT_LATE_MINUTES],
      );
      const [due] = await m.query(
        `UPDATE appointment SET reminded_at = $1 WHERE id IN (
           SELECT id FROM appointment WHERE state = 'booked' AND reminded_at IS NULL AND starts_at > $1
              AND starts_at <= $1::timestamptz + make_interval(hours => $2::int)
              AND created_at < starts_at - make_interval(hours => $2::int)
            ORDER BY starts_at LIMIT 500 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [now, this.config.APPOINTMENT_REMINDER_HOURS],
      );
      for (const a of due as Record<string, any>[]) {
        const cal = await this.calendars.forAnnex(a.annex_id, m);
        await this.notify(m, a, 'appointment.reminder', `appointment-reminder:${a.id}:${new Date(a.starts_at).toISOString()}`, cal, {
          cancelUrl: this.cancelLink(a),
        });
      }
      return { noShows: Number(noShows ?? 0), reminders: due.length };
    });
  }

  private async confirm(m: EntityManager, a: Record<string, any>, cal: WorkingCalendar): Promise<void> {
    await this.notify(m, a, 'appointment.booked', `appointment-booked:${a.id}:${new Date(a.starts_at).toISOString()}`, cal);
  }

  private async notify(
    m: EntityManager,
    a: Record<string, any>,
    template: string,
    idempotencyKey: string,
    cal: WorkingCalendar,
    extra: Record<string, string> = {},
  ): Promise<void> {
    await this.outbox.add(m, {
      topic: 'notify',
      idempotencyKey,
      annexId: a.annex_id,
      payload: {
        template,
        recipient: { citizenId: a.citizen_id },
        data: { code: a.code, when: localTime(a.starts_at, cal), procedureCode: a.procedure_code, ...extra },
        ...(a.request_id ? { requestId: a.request_id } : {}),
      } satisfies NotifyPayload,
    });
  }

  /** One active booking per citizen and procedure; at most N active per CIN and per phone. */
  private async fairness(m: EntityManager, citizenId: string, phone: string, procedureCode: string, except: string | null): Promise<void> {
    await lock(m, `appointment-phone:${phone}`);
    const [c] = await m.query(
      `SELECT count(*) FILTER (WHERE a.citizen_id = $1)::int AS mine, count(*) FILTER (WHERE a.citizen_id = $1 AND a.procedure_code = $3)::int AS same, count(*)::int AS phone
         FROM appointment a JOIN citizen c ON c.id = a.citizen_id
        WHERE a.state = 'booked' AND (a.citizen_id = $1 OR c.phone = $2) AND ($4::uuid IS NULL OR a.id <> $4)`,
      [citizenId, phone, procedureCode, except],
    );
    if (c.same > 0)
      throw new Conflict(
        'appointment-already-booked',
        'Already booked',
        `This citizen already has a booking for ${procedureCode}: reschedule or cancel it`,
      );
    if (c.mine >= this.config.APPOINTMENT_LIMIT_PER_CIN)
      throw new Conflict(
        'appointment-limit',
        'Too many bookings',
        `At most ${this.config.APPOINTMENT_LIMIT_PER_CIN} active bookings per citizen`,
      );
    if (c.phone >= this.config.APPOINTMENT_LIMIT_PER_PHONE)
      throw new Conflict(
        'appointment-limit',
        'Too many bookings',
        `At most ${this.config.APPOINTMENT_LIMIT_PER_PHONE} active bookings per phone number`,
      );
  }

  /** Takes a place in the slot, or 409 when the last one has gone (the slot lock makes it exact). */
  private async takePlace(m: EntityManager, service: BookableService, startsAt: number): Promise<void> {
    await lock(m, `appointment-slot:${service.id}`, Math.floor(startsAt / 60_000) % 2_147_483_647);
    const [t] = await m.query(`SELECT count(*)::int AS n FROM appointment WHERE service_id = $1 AND starts_at = $2 AND ${HOLDING}`, [
      service.id,
      new Date(startsAt),
    ]);
    if (t.n >= service.counters) throw new Conflict('slot-full', 'Slot full', 'Every place of this slot has been booked; choose another');
  }

  private async mayChange(id: string, p: Principal): Promise<Record<string, any>> {
    const [a] = await this.db.query(`SELECT ${COLUMNS} FROM appointment WHERE id = $1`, [id]);
    const visible = a && (p.kind === 'citizen' ? a.citizen_id === p.id : a.annex_id === p.annexId);
    if (!visible) throw new NotFound('Appointment');
    if (p.kind !== 'citizen' && p.role !== 'reception' && p.role !== 'supervisor')
      throw new Forbidden('Only the citizen or reception change a booking');
    return a;
  }

  private citizenFor(citizenId: string | undefined, p: Principal): string {
    if (p.kind === 'citizen') {
      if (citizenId && citizenId !== p.id)
        throw new InvalidInput([{ field: 'citizenId', reason: 'forbidden', message: 'a citizen books for themselves' }]);
      return p.id;
    }
    if (!citizenId)
      throw new InvalidInput([
        { field: 'citizenId', reason: 'required', message: 'staff and kiosk book for a citizen: citizenId is required' },
      ]);
    return citizenId;
  }

  private async service(procedure: string, annexId: string | null, field: string): Promise<BookableService> {
    const rows: BookableService[] = await this.db.query(
      `SELECT id, annex_id, procedure_code, grp, visit_minutes, counters, days_ahead, release_time FROM bookable_service
        WHERE procedure_code = $1 AND active AND ($2::uuid IS NULL OR annex_id = $2) ORDER BY annex_id LIMIT 2`,
      [procedure.toUpperCase(), annexId],
    );
    if (rows.length === 0)
      throw new InvalidInput([
        { field, reason: 'notBookable', message: `${procedure} cannot be booked${annexId ? ' at this annex' : ''}` },
      ]);
    if (rows.length > 1)
      throw new InvalidInput([{ field: 'annex', reason: 'required', message: 'several annexes offer this procedure: name the annex' }]);
    return rows[0];
  }

  private async page(where: string, params: unknown[], q: AppointmentQuery): Promise<Page<AppointmentDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    const all = [...params, q.state ?? null];
    const n = all.length;
    let keyset = '';
    if (after) {
      all.push(after[0], after[1]);
      keyset = `AND (starts_at, id) > ($${n + 1}::timestamptz, $${n + 2}::uuid)`;
    }
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM appointment WHERE ${where} AND ($${n}::text IS NULL OR state = $${n}) ${keyset} ORDER BY starts_at, id LIMIT ${limit + 1}`,
      all,
    );
    const page = toPage(
      rows,
      limit,
      (r: Record<string, any>) => [new Date(r.starts_at).toISOString(), r.id],
      (r) => r,
    );
    return { ...page, items: await Promise.all(page.items.map(toDto)) };
  }
}

function newCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

const localTime = (at: Date | string, cal: WorkingCalendar) =>
  DateTime.fromJSDate(new Date(at), { zone: cal.timeZone }).toFormat('yyyy-MM-dd HH:mm');

async function toDto(r: Record<string, any>): Promise<AppointmentDto> {
  return {
    id: r.id,
    code: r.code,
    procedureCode: r.procedure_code,
    group: r.grp,
    annexId: r.annex_id,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    state: r.state,
    requestId: r.request_id,
    ticketId: r.ticket_id,
    qrSvg: await QRCode.toString(r.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }),
    createdAt: new Date(r.created_at).toISOString(),
  };
}
