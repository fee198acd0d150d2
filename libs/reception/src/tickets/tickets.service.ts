import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
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
  openingWindowsOn,
  OutboxService,
  Page,
  Principal,
  toPage,
  WorkingCalendar,
} from '@app/core';
import { CallNext, GroupWaitsDto, TicketCreate, TicketDto, TicketQuery } from './dto/ticket.dto';
import { Clock } from '../clock';
import { ScreenBus } from '../screen/screen-bus';

const COLUMNS = `id, annex_id, number, grp, priority, state, counter, created_at, called_at, appointment_id, due_at, virtual`;
/**
 * The queue policy, as one ORDER BY ($6 now, $7 WALKIN_MAX_WAIT_MINUTES): priority visitors;
 * walk-ins past the bound; appointments whose time has come, by their time; walk-ins by arrival;
 * appointments checked in before their time, by their time.
 */
const queueOrder = (now: string, bound: string) => `CASE WHEN priority IS NOT NULL THEN 0
            WHEN appointment_id IS NULL AND created_at <= ${now}::timestamptz - make_interval(mins => ${bound}::int) THEN 1
            WHEN appointment_id IS NOT NULL AND due_at <= ${now}::timestamptz THEN 2
            WHEN appointment_id IS NULL THEN 3 ELSE 4 END,
          CASE WHEN priority IS NULL AND appointment_id IS NOT NULL THEN due_at ELSE created_at END`;
const QUEUE_ORDER = queueOrder('$6', '$7');
/** Without history yet, a visitor takes this long at a counter. */
const DEFAULT_SERVICE_MINUTES = 6;

const toDto = (r: Record<string, any>): TicketDto => ({
  id: r.id,
  number: r.number,
  group: r.grp,
  priority: r.priority,
  state: r.state,
  counter: r.counter,
  createdAt: new Date(r.created_at).toISOString(),
  calledAt: r.called_at ? new Date(r.called_at).toISOString() : null,
  appointmentId: r.appointment_id ?? null,
  dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
  virtual: !!r.virtual,
});

/** What a ticket is issued with: a walk-in's group and priority, or an appointment checked in. */
export interface TicketIssue {
  group: string;
  priority?: string | null;
  citizenId?: string | null;
  requestId?: string | null;
  appointmentId?: string | null;
  /** The appointment's time: from then on the ticket goes before walk-ins (see callNext). */
  dueAt?: Date | null;
  /** Taken from the phone on the day (POST /me/tickets). */
  virtual?: boolean;
  /** The wait told when issued (walk-ins), against which the metrics measure the actual one. */
  predictedWaitMinutes?: number | null;
}

/**
 * The multi-service counters' queue; two counters never call the same ticket. The order (one
 * policy, in callNext): priority visitors, then walk-ins waiting longer than
 * WALKIN_MAX_WAIT_MINUTES, then appointments whose time has come (by their time), then walk-ins
 * by arrival, then appointments checked in early.
 */
@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly calendars: CalendarService,
    private readonly bus: ScreenBus,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async issue(d: TicketCreate, p: Principal): Promise<TicketDto> {
    const annexId = p.annexId!;
    const day = await this.today(annexId);
    return this.db.transaction(async (m) => {
      await this.checkLinks(m, annexId, d.citizenId, d.requestId);
      const { ahead, minutes } = await this.estimate(m, annexId, day, d.group, !!d.priority, 0);
      const row = await this.insert(m, annexId, day, { ...d, predictedWaitMinutes: minutes }, p);
      if (d.phone || d.citizenId) {
        await this.outbox.add(m, {
          topic: 'notify',
          idempotencyKey: `ticket:${row.id}`,
          annexId,
          payload: {
            template: 'ticket.issued',
            recipient: d.citizenId ? { citizenId: d.citizenId } : { phone: d.phone, language: d.language },
            data: { ticket: row.number, wait: String(minutes) },
            annexId,
          } satisfies NotifyPayload,
        });
      }
      return { ...toDto(row), ahead, estimatedWaitMinutes: minutes };
    });
  }

  /** Inserts a ticket in the caller's transaction (the check-in of an appointment issues one too). */
  async insert(m: EntityManager, annexId: string, day: string, d: TicketIssue, p: Principal): Promise<Record<string, any>> {
    const [seq] = await m.query(
      `INSERT INTO ticket_sequence (annex_id, day, grp, last_value) VALUES ($1, $2, $3, 1)
       ON CONFLICT (annex_id, day, grp) DO UPDATE SET last_value = ticket_sequence.last_value + 1 RETURNING last_value`,
      [annexId, day, d.group],
    );
    const number = `${d.group}-${String(seq.last_value).padStart(3, '0')}`;
    const [row] = await m.query(
      `INSERT INTO ticket (annex_id, day, grp, number, priority, citizen_id, request_id, issued_by, appointment_id, due_at, created_at, virtual, predicted_wait_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
      [
        annexId,
        day,
        d.group,
        number,
        d.priority ?? null,
        d.citizenId ?? null,
        d.requestId ?? null,
        p.id,
        d.appointmentId ?? null,
        d.dueAt ?? null,
        this.clock.now(),
        !!d.virtual,
        d.predictedWaitMinutes ?? null,
      ],
    );
    await this.event(m, row.id, 'issued', p, d.appointmentId ? 'appointment' : d.virtual ? 'virtual' : null);
    return row;
  }

  /** The predicted wait of a newcomer in `group` (minutes), as issuing a ticket tells it. */
  async predictedWait(annexId: string, group: string): Promise<number> {
    const day = await this.today(annexId);
    return (await this.estimate(this.db.manager, annexId, day, group, false, 0)).minutes;
  }

  /** The predicted wait of each service group of the annex (its bookable services' groups and today's queues), for the display screen. */
  async waits(annexId: string): Promise<GroupWaitsDto> {
    const day = await this.today(annexId);
    const rows: { grp: string }[] = await this.db.query(
      `SELECT grp FROM bookable_service WHERE annex_id = $1 AND active UNION SELECT grp FROM ticket WHERE annex_id = $1 AND day = $2 ORDER BY grp`,
      [annexId, day],
    );
    const items = [];
    for (const { grp } of rows) {
      const { ahead, minutes } = await this.estimate(this.db.manager, annexId, day, grp, false, 0);
      items.push({ group: grp, waiting: ahead, estimatedWaitMinutes: minutes });
    }
    return { items };
  }

  /**
   * A walk-in ticket taken from the phone on the day (a signed-in citizen): only while the annex
   * is open (its calendar: hours, holidays, seasonal hours), one per citizen and day, and none
   * while the citizen already holds a waiting or called ticket there. It joins the group's
   * walk-in queue by its issue time, marked virtual; the answer and an SMS tell the number and
   * the predicted wait, and call-next texts again when the turn is near.
   */
  async takeVirtual(annexId: string, group: string, p: Principal): Promise<TicketDto> {
    const cal = await this.calendars.forAnnex(annexId);
    const now = this.clock.now();
    const day = DateTime.fromJSDate(now).setZone(cal.timeZone).toISODate()!;
    if (!openingWindowsOn(day, cal).some(([open, close]) => open <= now.getTime() && now.getTime() < close)) {
      throw new Conflict(
        'queue-closed',
        'The annex is closed',
        `Tickets from the phone are given during the opening hours only${hoursOf(day, cal)}`,
      );
    }
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('ticket-citizen:' || $1::text), 0)`, [p.id]);
      const [held] = await m.query(
        `SELECT number, virtual FROM ticket WHERE citizen_id = $1 AND day = $2 AND (virtual OR (annex_id = $3 AND state IN ('waiting', 'called'))) ORDER BY virtual DESC LIMIT 1`,
        [p.id, day, annexId],
      );
      if (held) {
        throw new Conflict(
          'ticket-already-taken',
          'A ticket is already held',
          held.virtual
            ? `One ticket from the phone per day: yours today is ${held.number}`
            : `You already hold ticket ${held.number} today`,
          { ticket: held.number },
        );
      }
      const { ahead, minutes } = await this.estimate(m, annexId, day, group, false, 0);
      const row = await this.insert(m, annexId, day, { group, citizenId: p.id, virtual: true, predictedWaitMinutes: minutes }, p);
      await this.outbox.add(m, {
        topic: 'notify',
        idempotencyKey: `ticket:${row.id}`,
        annexId,
        payload: {
          template: 'ticket.virtual',
          recipient: { citizenId: p.id },
          data: { ticket: row.number, wait: String(minutes) },
          annexId,
        } satisfies NotifyPayload,
      });
      return { ...toDto(row), ahead, estimatedWaitMinutes: minutes };
    });
  }

  async list(q: TicketQuery, p: Principal): Promise<Page<TicketDto>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    const params: unknown[] = [p.annexId, await this.today(p.annexId!), q.state ?? null];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = `AND (created_at, id) > ($4::timestamptz, $5::uuid)`;
    }
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM ticket WHERE annex_id = $1 AND day = $2 AND ($3::text IS NULL OR state = $3) ${keyset} ORDER BY created_at, id LIMIT ${limit + 1}`,
      params,
    );
    return toPage(rows, limit, (r: Record<string, any>) => [new Date(r.created_at).toISOString(), r.id], toDto);
  }

  /**
   * A counter has one current ticket: calling the next closes the one it still has called as
   * served (logged `closed`, detail `call-next`), even when nobody else is waiting (then 404).
   * Calls at one counter are serialized (a transaction lock on annex and counter); one statement
   * picks and takes the next ticket, SKIP LOCKED letting another counter take the one after.
   */
  async callNext(counter: number, d: CallNext, p: Principal): Promise<TicketDto> {
    if (p.counter !== counter) throw new Forbidden(`You are signed in at counter ${p.counter ?? 'none'}, not ${counter}`);
    const annexId = p.annexId!;
    const day = await this.today(annexId);
    const now = this.clock.now();
    const called = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('ticket-counter:' || $1::text), $2::int)`, [annexId, counter]);
      const [served] = await m.query(
        `UPDATE ticket SET state = 'closed', closed_at = $4
          WHERE annex_id = $1 AND day = $2 AND counter = $3 AND state = 'called' RETURNING id`,
        [annexId, day, counter, now],
      );
      for (const t of served as { id: string }[]) await this.event(m, t.id, 'closed', p, 'call-next');
      const [[row]] = await m.query(
        `UPDATE ticket SET state = 'called', counter = $4, agent_id = $5, called_at = $6
          WHERE id = (SELECT id FROM ticket WHERE annex_id = $1 AND day = $2 AND state = 'waiting' AND grp = ANY($3::char(1)[])
                       ORDER BY ${QUEUE_ORDER}, id LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS}`,
        [annexId, day, d.groups, counter, p.id, now, this.config.WALKIN_MAX_WAIT_MINUTES],
      );
      if (!row) return null;
      await this.event(m, row.id, 'called', p, null);
      await this.turnNear(m, annexId, day, row.grp, now);
      return row;
    });
    if (!called) throw new NotFound('Waiting ticket', `Nobody is waiting in ${d.groups.join(', ')}`);
    await this.announce(called);
    return { ...toDto(called), ...(await this.booking(called)) };
  }

  async recall(id: string, p: Principal): Promise<TicketDto> {
    const t = await this.change(id, p, 'recalled', `state = 'called'`, `called_at = clock_timestamp()`, []);
    await this.announce(t);
    return toDto(t);
  }

  /** A booked visit called and absent is the appointment's no-show too (same transaction). */
  noShow(id: string, p: Principal): Promise<TicketDto> {
    return this.change(id, p, 'no_show', `state = 'called'`, `state = 'no_show', closed_at = clock_timestamp()`, [], null, (m, row) =>
      row.appointment_id
        ? m.query(`UPDATE appointment SET state = 'no_show', updated_at = now() WHERE id = $1`, [row.appointment_id])
        : undefined,
    ).then(toDto);
  }

  /** Another service: back in that group's queue, keeping the place its issue time gives. */
  transfer(id: string, group: string, p: Principal): Promise<TicketDto> {
    return this.change(
      id,
      p,
      'transferred',
      `state IN ('waiting', 'called')`,
      `grp = $3, state = 'waiting', counter = NULL, called_at = NULL`,
      [group],
      group,
    ).then(toDto);
  }

  async close(id: string, requestId: string | undefined, p: Principal): Promise<TicketDto> {
    if (requestId) await this.checkLinks(this.db.manager, p.annexId!, undefined, requestId);
    return this.change(
      id,
      p,
      'closed',
      `state = 'called'`,
      `state = 'closed', closed_at = clock_timestamp(), request_id = COALESCE($3::uuid, request_id)`,
      [requestId ?? null],
      requestId ?? null,
    ).then(toDto);
  }

  /**
   * Acts on a ticket of the caller's annex. A called ticket belongs to the counter that called it:
   * only an agent signed in there (or a supervisor) acts on it; a waiting one is reception's or a
   * supervisor's (transfer). The row is locked first, so the check and the change see one state.
   */
  private async change(
    id: string,
    p: Principal,
    type: string,
    when: string,
    set: string,
    params: unknown[],
    detail: string | null = null,
    also?: (m: EntityManager, row: Record<string, any>) => Promise<unknown> | undefined,
  ): Promise<Record<string, any>> {
    return this.db.transaction(async (m) => {
      const [t] = await m.query(`SELECT state, counter FROM ticket WHERE id = $1 AND annex_id = $2 FOR UPDATE`, [id, p.annexId]);
      if (!t) throw new NotFound('Ticket');
      if (p.role !== 'supervisor') {
        if (t.state === 'called' && t.counter !== p.counter) {
          throw new Forbidden(`Ticket called at counter ${t.counter}; only that counter or a supervisor acts on it`);
        }
        if (t.state === 'waiting' && p.role !== 'reception') throw new Forbidden('A waiting ticket is moved by reception or a supervisor');
      }
      const [[row]] = await m.query(`UPDATE ticket SET ${set} WHERE id = $1 AND annex_id = $2 AND ${when} RETURNING ${COLUMNS}`, [
        id,
        p.annexId,
        ...params,
      ]);
      if (!row) throw new Conflict('ticket-state', 'Not possible in this state', `The ticket is ${t.state}`, { currentState: t.state });
      await this.event(m, id, type, p, detail);
      await also?.(m, row);
      return row;
    });
  }

  /** A ticket names only a citizen and a request of its own annex (an id from elsewhere is refused, never linked). */
  private async checkLinks(m: EntityManager, annexId: string, citizenId?: string, requestId?: string): Promise<void> {
    if (!citizenId && !requestId) return;
    const [r] = await m.query(
      `SELECT ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM citizen WHERE id = $2 AND annex_id = $1)) AS citizen,
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM service_request WHERE id = $3 AND annex_id = $1)) AS request`,
      [annexId, citizenId ?? null, requestId ?? null],
    );
    const errors = [
      ...(r.citizen ? [] : [{ field: 'citizenId', reason: 'unknown', message: 'citizenId names no citizen of this annex' }]),
      ...(r.request ? [] : [{ field: 'requestId', reason: 'unknown', message: 'requestId names no request of this annex' }]),
    ];
    if (errors.length) throw new InvalidInput(errors);
  }

  private async announce(t: Record<string, any>): Promise<void> {
    const data: Record<string, unknown> = { number: t.number, counter: t.counter, group: t.grp, at: new Date(t.called_at).toISOString() };
    if (t.appointment_id) data.appointment = true;
    await this.bus.publish({ type: 'ticket.called', annexId: t.annex_id, data });
  }

  /**
   * "Your turn is near": after a call, every appointment or phone ticket of the group with at
   * most QUEUE_NOTIFY_AHEAD people ahead (in the queue policy's order) gets one SMS; the outbox
   * key per ticket makes later calls add nothing for it.
   */
  private async turnNear(m: EntityManager, annexId: string, day: string, group: string, now: Date): Promise<void> {
    const near: { id: string; number: string; citizen_id: string; ahead: string }[] = await m.query(
      `SELECT id, number, citizen_id, ahead FROM (
         SELECT id, number, citizen_id, appointment_id, virtual, row_number() OVER (ORDER BY ${queueOrder('$4', '$5')}, id) - 1 AS ahead
           FROM ticket WHERE annex_id = $1 AND day = $2 AND state = 'waiting' AND grp = $3) q
        WHERE ahead <= $6 AND citizen_id IS NOT NULL AND (appointment_id IS NOT NULL OR virtual)`,
      [annexId, day, group, now, this.config.WALKIN_MAX_WAIT_MINUTES, this.config.QUEUE_NOTIFY_AHEAD],
    );
    await this.outbox.add(
      m,
      ...near.map((t) => ({
        topic: 'notify' as const,
        idempotencyKey: `ticket-near:${t.id}`,
        annexId,
        payload: {
          template: 'ticket.near',
          recipient: { citizenId: t.citizen_id },
          data: { ticket: t.number, ahead: String(t.ahead) },
          annexId,
        } satisfies NotifyPayload,
      })),
    );
  }

  /** What the counter panel shows of a called appointment: its booking and its request. */
  private async booking(t: Record<string, any>): Promise<Pick<TicketDto, 'appointment'>> {
    if (!t.appointment_id) return {};
    const [a] = await this.db.query(`SELECT code, procedure_code, starts_at, request_id FROM appointment WHERE id = $1`, [
      t.appointment_id,
    ]);
    return {
      appointment: {
        code: a.code,
        procedureCode: a.procedure_code,
        startsAt: new Date(a.starts_at).toISOString(),
        requestId: a.request_id,
      },
    };
  }

  private async event(m: EntityManager, ticketId: string, type: string, p: Principal, detail: string | null): Promise<void> {
    // The service clock, as the ticket's own times: waits are measured between instants of one clock.
    await m.query(`INSERT INTO ticket_event (ticket_id, type, actor_id, counter, detail, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      ticketId,
      type,
      p.id,
      p.counter,
      detail,
      this.clock.now(),
    ]);
  }

  /** People ahead × the median service time of the last two hours (a default before any history). */
  private async estimate(
    m: EntityManager,
    annexId: string,
    day: string,
    group: string,
    priority: boolean,
    self = 1,
  ): Promise<{ ahead: number; minutes: number }> {
    const [a] = await m.query(
      `SELECT count(*)::int AS n FROM ticket WHERE annex_id = $1 AND day = $2 AND grp = $3 AND state = 'waiting' ${priority ? 'AND priority IS NOT NULL' : ''}`,
      [annexId, day, group],
    );
    const [s] = await m.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - called_at) / 60) AS minutes, count(DISTINCT counter)::int AS counters
         FROM ticket WHERE annex_id = $1 AND grp = $2 AND state = 'closed' AND closed_at > now() - interval '2 hours'`,
      [annexId, group],
    );
    const ahead = Math.max(0, a.n - self);
    const perVisitor = s.minutes ? Number(s.minutes) : DEFAULT_SERVICE_MINUTES;
    return { ahead, minutes: Math.round((ahead * perVisitor) / Math.max(1, s.counters ?? 1)) };
  }

  private async today(annexId: string): Promise<string> {
    return DateTime.fromJSDate(this.clock.now())
      .setZone((await this.calendars.forAnnex(annexId)).timeZone)
      .toISODate()!;
  }
}

const hoursOf = (day: string, cal: WorkingCalendar) => {
  const windows = openingWindowsOn(day, cal).map(
    ([a, b]) =>
      `${DateTime.fromMillis(a, { zone: cal.timeZone }).toFormat('HH:mm')}-${DateTime.fromMillis(b, { zone: cal.timeZone }).toFormat('HH:mm')}`,
  );
  return windows.length ? ` (today ${windows.join(', ')})` : ' (closed today)';
};
