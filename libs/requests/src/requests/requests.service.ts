import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessLog,
  addWorkingMinutes,
  CalendarService,
  Channel,
  CIN_PATTERN,
  decodeCursor,
  Conflict,
  Forbidden,
  InvalidInput,
  maskCin,
  Page,
  PageQuery,
  preparedQuery,
  Principal,
  toPage,
  WorkingCalendar,
} from '@app/core';
import { ProceduresRepository } from '../guide/procedures.repository';
import { ProcedureDefinition } from '../guide/procedure.types';
import { canSee, isStaff, visibleOr404 } from './access';
import { RequestEventDto } from './dto/request-event.dto';
import { RequestQueryDto } from './dto/request-query.dto';
import { RequestDto } from './dto/request.dto';
import { RequestListItemDto, toListItem } from './dto/request-list-item.dto';
import { RequestViews } from './request-views';
import { SubmitRequestDto } from './dto/submit-request.dto';
import { validateForm } from './form-validation';
import { bodyHash, claimIdempotencyKey, parseIdempotencyKey } from './idempotency';
import { Filing, resolveFiling } from './beneficiary';
import { withFiledFor, withFilingPeople } from './filed-for';
import { actorOf, RequestLifecycle } from './request-lifecycle';
import { ServiceRequestRecord } from './request.record';
import { findReceipt, issueReceipt, legalDeadline, ReceiptRecord } from './receipt';
import { RequestsRepository } from './requests.repository';

/** The submission answers with the receipt it was given at once (law 55-19). */
const withReceipt = (dto: RequestDto, receipt: ReceiptRecord | null): RequestDto =>
  receipt ? { ...dto, receiptNumber: receipt.number, legalDeadline: new Date(receipt.legalDeadline).toISOString() } : dto;

const TRACKING = /^[A-Z0-9]{2,8}-\d{4}-\d{6,}$/;
/** Channels on which a retry after a network cut is likely enough that the key is mandatory. */
const KEY_REQUIRED: Channel[] = ['web', 'kiosk', 'counter'];

/** Reads a changed row for the queue streams; its own moves are none (each stream adds its caller's). */
const STREAM_READER: Principal = {
  id: '00000000-0000-0000-0000-000000000000',
  kind: 'staff',
  role: 'reception',
  annexId: null,
  counter: null,
  scopes: [],
  channel: 'counter',
};

@Injectable()
export class RequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RequestsRepository,
    private readonly procedures: ProceduresRepository,
    private readonly lifecycle: RequestLifecycle,
    private readonly calendars: CalendarService,
    private readonly access: AccessLog,
    private readonly views: RequestViews,
  ) {}

  /** Files a request; `created` is false when the same Idempotency-Key replays an earlier one. */
  async submit(dto: SubmitRequestDto, keyHeader: string | undefined, p: Principal): Promise<{ created: boolean; request: RequestDto }> {
    const channel: Channel = p.role === 'partner' ? 'api' : p.channel;
    const key = parseIdempotencyKey(keyHeader, KEY_REQUIRED.includes(channel));
    const filerId = this.citizenFor(dto, p);
    const procedureCode = dto.procedureCode.toUpperCase();
    const hash = bodyHash({
      procedureCode,
      citizenId: filerId,
      form: dto.form,
      ...(dto.beneficiary ? { beneficiary: dto.beneficiary } : {}),
    });
    // At the counter the filer is a resident of the annex; the request is the owner's (their annex).
    if (dto.beneficiary && p.role !== 'citizen') await this.citizen(filerId, p);
    const filing = await resolveFiling(this.db.manager, filerId, dto.beneficiary, procedureCode);
    const citizenId = filing.citizenId;
    const citizen = await this.citizen(citizenId, p);
    // An annex being onboarded takes no request until it is opened (POST /annexes/{id}/open).
    if (!citizen.annexOpen) throw new Conflict('annex-not-open', 'The annex is not open yet', 'requests are taken once the annex opens');
    if (citizen.disabledProcedures.includes(procedureCode)) {
      throw new InvalidInput([{ field: 'procedureCode', reason: 'notOffered', message: `${procedureCode} is not offered by this annex` }]);
    }
    // Read before the transaction, so it never waits on a second pool connection while holding one.
    const calendar = await this.calendars.forAnnex(citizen.annexId);

    // The new request's id, known before its row exists: the Idempotency-Key claim names it.
    const id = randomUUID();
    return this.db.transaction(async (m) => {
      if (key) {
        const prior = await claimIdempotencyKey(m, p.id, key, hash, id);
        if (prior)
          return {
            created: false,
            request: withReceipt(await this.views.one((await this.repo.findById(prior, m))!, p, m), await findReceipt(m, prior)),
          };
      }
      const procedure = await this.procedures.current(procedureCode, m);
      if (!procedure) {
        throw new InvalidInput([{ field: 'procedureCode', reason: 'unknown', message: `no procedure ${procedureCode} in the guide` }]);
      }
      if (procedure.abolished) {
        throw new InvalidInput([
          {
            field: 'procedureCode',
            reason: 'abolished',
            message: `${procedureCode} is no longer required since ${procedure.abolished.since} (${procedure.abolished.reference}): ${procedure.abolished.instead.fr}`,
          },
        ]);
      }
      if (!procedure.channels.includes(channel)) {
        throw new InvalidInput([
          {
            field: 'procedureCode',
            reason: 'channelNotAllowed',
            message: `${procedureCode} cannot be requested via ${channel} (${procedure.channels.join(', ')})`,
          },
        ]);
      }
      const form = validateForm(procedure.fields, dto.form);
      const { request, receipt } = await this.create(m, {
        id,
        annexId: citizen.annexId,
        annexCode: citizen.annexCode,
        filing,
        channel,
        form,
        procedure,
        calendar,
        p,
      });
      return { created: true, request: withReceipt(await this.views.one(request, p, m), receipt) };
    });
  }

  private async create(
    m: EntityManager,
    a: {
      id: string;
      annexId: string;
      annexCode: string;
      filing: Filing;
      channel: Channel;
      form: Record<string, unknown>;
      procedure: ProcedureDefinition;
      calendar: WorkingCalendar;
      p: Principal;
    },
  ): Promise<{ request: ServiceRequestRecord; receipt: ReceiptRecord }> {
    const { calendar } = a;
    const now = new Date();
    const year = DateTime.fromJSDate(now, { zone: calendar.timeZone }).year;
    const n = await this.repo.nextTrackingNumber(m, a.annexId, year);
    const slaDueAt = addWorkingMinutes(now, a.procedure.slaHours * 60, calendar);
    const deadline = legalDeadline(now, a.procedure, calendar, slaDueAt);
    const extra = await this.lifecycle.submissionColumns({ annexId: a.annexId, submittedAt: now, slaDueAt, calendar });
    // Law 55-19: where silence means acceptance, the request is accepted at the legal deadline.
    if (a.procedure.legalFrame?.silenceMeansAcceptance) extra.tacit_accept_at = deadline;
    const request = await this.repo.insert(
      m,
      {
        id: a.id,
        annexId: a.annexId,
        citizenId: a.filing.citizenId,
        proxyId: a.filing.proxyId,
        mandateId: a.filing.mandateId,
        dependentId: a.filing.dependentId,
        procedureCode: a.procedure.code,
        procedureVersionId: a.procedure.versionId,
        trackingCode: `${a.annexCode}-${year}-${String(n).padStart(6, '0')}`,
        channel: a.channel,
        filedBy: a.p.id,
        filedByKind: a.p.kind,
        counter: a.p.counter,
        form: a.form,
        slaDueAt,
        submittedAt: now,
      },
      extra,
    );
    const receipt = await issueReceipt(m, request, a.procedure, deadline);
    await this.lifecycle.stateChanged(m, request, null, actorOf(a.p), a.procedure);
    return { request, receipt };
  }

  /** Citizens file for themselves; everyone else names the citizen. */
  private citizenFor(dto: SubmitRequestDto, p: Principal): string {
    if (p.role === 'citizen') {
      if (dto.citizenId && dto.citizenId !== p.id) {
        throw new InvalidInput([{ field: 'citizenId', reason: 'notAllowed', message: 'citizens file requests for themselves only' }]);
      }
      return p.id;
    }
    if (!dto.citizenId)
      throw new InvalidInput([{ field: 'citizenId', reason: 'required', message: 'citizenId is required when filing for a citizen' }]);
    return dto.citizenId;
  }

  private async citizen(
    id: string,
    p: Principal,
  ): Promise<{ annexId: string; annexCode: string; annexOpen: boolean; disabledProcedures: string[] }> {
    const [c] = await this.db.query(
      `SELECT c.annex_id, c.status, a.code AS annex_code, a.status AS annex_status, a.disabled_procedures FROM citizen c JOIN annex a ON a.id = c.annex_id WHERE c.id = $1`,
      [id],
    );
    // Staff and kiosks file only for residents of their own annex.
    if (!c || c.status === 'disabled' || (p.annexId && p.role !== 'citizen' && c.annex_id !== p.annexId)) {
      throw new InvalidInput([{ field: 'citizenId', reason: 'unknown', message: 'no such citizen in this annex' }]);
    }
    return {
      annexId: c.annex_id,
      annexCode: c.annex_code,
      annexOpen: c.annex_status === 'open',
      disabledProcedures: c.disabled_procedures ?? [],
    };
  }

  /**
   * One request. A staff read (its form holds personal data) is an access event, the request its
   * purpose; staff also read who holds it, so the page can say "held by <name>".
   */
  async get(id: string, p: Principal): Promise<RequestDto> {
    const r = visibleOr404(p, await this.repo.findById(id));
    await this.access.record(p, [{ citizenId: r.citizenId, what: 'request', objectId: r.id, requestId: r.id }]);
    const [dto] = await withFiledFor(this.db.manager, [await this.views.one(r, p)]);
    if (!isStaff(p) || !r.assigneeId) return dto;
    const [s] = await this.db.query(`SELECT full_name FROM staff WHERE id = $1`, [r.assigneeId]);
    return { ...dto, assigneeName: s?.full_name ?? null };
  }

  async list(q: RequestQueryDto, p: Principal): Promise<Page<RequestListItemDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    if (p.role === 'citizen') {
      const rows = await this.repo.history({ citizenId: p.id, states: q.state, procedure: q.procedure, after, limit });
      const page = await this.views.page(
        toPage(
          rows,
          limit,
          (r) => [r.sortKey, r.id],
          (r) => r,
        ),
        p,
      );
      return { ...page, items: (await withFiledFor(this.db.manager, page.items)).map(toListItem) };
    }
    if (!isStaff(p)) throw new Forbidden();
    const text = q.q?.trim();
    const upper = text?.toUpperCase().replace(/\s+/g, '');
    const rows = await this.repo.queue({
      annexId: p.annexId,
      states: q.state,
      procedure: q.procedure,
      channel: q.channel,
      overdue: q.overdue,
      assigneeId: q.assignee === 'me' ? p.id : undefined,
      trackingCode: upper && TRACKING.test(upper) ? upper : undefined,
      cin: upper && CIN_PATTERN.test(upper) ? upper : undefined,
      name: text && upper && !TRACKING.test(upper) && !CIN_PATTERN.test(upper) ? text : undefined,
      after,
      limit,
    });
    // Browsing the queue is the work itself; a free-text search (CIN, name) finds people.
    if (text) {
      const found = [
        ...new Set(
          rows
            .slice(0, limit)
            .map((r) => r.citizenId)
            .filter((c): c is string => !!c),
        ),
      ];
      await this.access.record(
        p,
        found.map((citizenId) => ({ citizenId, what: 'search' as const })),
        `queue search`,
      );
    }
    const page = await this.withCitizens(
      await this.views.page(
        toPage(
          rows,
          limit,
          (r) => [r.sortKey, r.id],
          (r) => r,
        ),
        p,
      ),
    );
    return { ...page, items: page.items.map(toListItem) };
  }

  /**
   * The conditional GET of the staff queue: the annex's queue version and what the caller asked
   * (their id too: "assigned to me" and the rows' "mine" differ per agent). Citizens: none.
   */
  async queueTag(q: RequestQueryDto, p: Principal): Promise<string | null> {
    if (!isStaff(p)) return null;
    const version = await this.repo.queueVersion(p.annexId);
    const view = createHash('sha1')
      .update(JSON.stringify([p.id, p.role, p.annexId, q]))
      .digest('base64url')
      .slice(0, 16);
    return `W/"q${version}.${view}"`;
  }

  /**
   * A changed request as the queue lists it, read once per change for every stream a process
   * serves; `forCaller` adds the moves of one stream's agent (allowedTransitions, claimable), which
   * differ per caller and need no further read.
   */
  async queueRow(id: string): Promise<{ forCaller: (p: Principal) => Promise<RequestListItemDto> } | null> {
    const r = await this.repo.findById(id);
    if (!r) return null;
    const [shared] = (
      await this.withCitizens({ items: [await this.views.one(r, { ...STREAM_READER, annexId: r.annexId })], nextCursor: null })
    ).items;
    return { forCaller: async (p) => toListItem({ ...shared, ...(await this.views.one(r, p)) }) };
  }

  /** The queue names whose request each row is: the citizen's name and masked CIN (one query a page). */
  private async withCitizens(page: Page<RequestDto>): Promise<Page<RequestDto>> {
    const ids = [...new Set(page.items.map((r) => r.citizenId))];
    if (!ids.length) return page;
    const rows: {
      id: string;
      cin: string;
      first_name: string | null;
      last_name: string | null;
      first_name_ar: string | null;
      last_name_ar: string | null;
    }[] = await preparedQuery(
      this.db,
      `SELECT id, cin, first_name, last_name, first_name_ar, last_name_ar FROM citizen WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((c) => [c.id, c]));
    const joined = (...parts: (string | null)[]) => parts.filter(Boolean).join(' ') || null;
    return {
      ...page,
      items: (await withFiledFor(this.db.manager, page.items)).map((r) => {
        const c = byId.get(r.citizenId);
        return c
          ? {
              ...r,
              citizenName: joined(c.first_name, c.last_name),
              citizenNameAr: joined(c.first_name_ar, c.last_name_ar),
              citizenCin: maskCin(c.cin),
            }
          : r;
      }),
    };
  }

  /** The timeline, oldest first: the owner's public part, or all of it for staff. */
  async events(id: string, q: PageQuery, p: Principal): Promise<Page<RequestEventDto>> {
    const r = visibleOr404(p, await this.repo.findById(id));
    const staff = isStaff(p) && canSee(p, r);
    // Staff read the whole timeline (reasons typed about the citizen): an access event, like the page.
    if (staff) await this.access.record(p, [{ citizenId: r.citizenId, what: 'request', objectId: r.id, requestId: r.id }]);
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.db.query(
      `SELECT id, type, from_state, to_state, reason, legal_ground, channel, at, actor_id, actor_kind, role, counter, public
         FROM request_event WHERE request_id = $1 ${staff ? '' : 'AND public'} AND id > $2 ORDER BY id LIMIT $3`,
      [id, after ? String(after[0]) : '0', limit + 1],
    );
    const page = toPage(
      rows,
      limit,
      (e: Record<string, any>) => [String(e.id)],
      (e: Record<string, any>): RequestEventDto => ({
        id: String(e.id),
        type: e.type,
        fromState: e.from_state,
        toState: e.to_state,
        reason: e.reason,
        ...(e.legal_ground ? { legalGround: e.legal_ground } : {}),
        channel: e.channel,
        at: new Date(e.at).toISOString(),
        ...(staff ? { actorId: e.actor_id, actorKind: e.actor_kind, role: e.role, counter: e.counter, public: e.public } : {}),
      }),
    );
    return { ...page, items: await withFilingPeople(this.db.manager, r, page.items) };
  }
}
