import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  addWorkingMinutes,
  CalendarService,
  Conflict,
  DomainEventPayload,
  Forbidden,
  NotFound,
  OutboxService,
  Principal,
  workingMinutesBetween,
} from '@app/core';
import {
  actorOf,
  LIFECYCLE,
  ProcedureDocument,
  RequestClockRepository,
  RequestLifecycle,
  RequestState,
  ServiceRequestRecord,
} from '@app/requests';
import { DocumentRequestDto } from './document-request.dto';

const SYSTEM = { id: null, kind: 'system' as const, role: null, channel: null, counter: null };

/**
 * Law 55-19, "documents asked once": at submission, each document the guide marks as obtained by
 * the administration becomes a request to the agency holding it (a task in its partners' queue,
 * and a `document.requested` webhook event), with the request's SLA clock paused meanwhile (the
 * agency's time, not the annex's). The partner's answer records the document; the last one
 * restarts the clock where it stopped. The citizen never uploads it.
 */
@Injectable()
export class DocumentRequestsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: RequestLifecycle,
    private readonly outbox: OutboxService,
    private readonly calendars: CalendarService,
    private readonly clocks: RequestClockRepository,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onTransition('document-requests', async (m, r, from) => {
      if (from === null) await this.askPartners(m, r);
    });
  }

  private async askPartners(m: EntityManager, r: ServiceRequestRecord): Promise<void> {
    const [v] = await m.query(`SELECT documents FROM procedure_version WHERE id = $1`, [r.procedureVersionId]);
    // Only those an agency's partner systems answer; the others the annex obtains by its own means.
    const obtained = ((v?.documents ?? []) as ProcedureDocument[]).filter((d) => d.providedBy === 'administration' && d.source?.agencyCode);
    if (!obtained.length) return;
    for (const d of obtained) {
      const [row] = await m.query(
        `INSERT INTO document_request (request_id, annex_id, document_code, agency_code, route) VALUES ($1, $2, $3, $4, $5) RETURNING id, requested_at`,
        [r.id, r.annexId, d.code, d.source!.agencyCode, d.source!.route],
      );
      const event = await this.lifecycle.appendEvent(
        m,
        r.id,
        { type: 'document.requested', from: null, to: null, reason: `${d.code} — ${d.source!.administration.fr}`, public: true },
        SYSTEM,
      );
      await this.outbox.add(m, {
        topic: 'event',
        idempotencyKey: `document-requested:${row.id}`,
        annexId: r.annexId,
        payload: {
          type: 'document.requested',
          id: randomUUID(),
          occurredAt: new Date(row.requested_at).toISOString(),
          sequence: Number(event.id),
          annexId: r.annexId,
          data: {
            documentRequestId: row.id,
            requestId: r.id,
            trackingCode: r.trackingCode,
            documentCode: d.code,
            route: d.source!.route,
            agencyCode: d.source!.agencyCode,
          },
        } satisfies DomainEventPayload,
      });
    }
    // Waiting for another administration: the clock keeps what was left, as for needs_info.
    const cal = await this.calendars.forAnnex(r.annexId, m);
    const clock = await this.clocks.clock(m, r.id, false);
    await this.clocks.pause(
      m,
      r.id,
      r.submittedAt,
      workingMinutesBetween(r.submittedAt, clock.sla_due_at, cal),
      clock.sla_warn_at ? workingMinutesBetween(r.submittedAt, clock.sla_warn_at, cal) : null,
    );
  }

  /** The partner's queue: the pending documents its agency is asked for, oldest first. */
  async pending(p: Principal): Promise<DocumentRequestDto[]> {
    if (!p.agencyCode) throw new Forbidden('This key does not act for an agency');
    const rows = await this.db.query(
      `${SELECT} WHERE d.agency_code = $1 AND d.status = 'pending' AND ($2::uuid IS NULL OR d.annex_id = $2) ORDER BY d.requested_at, d.id LIMIT 200`,
      [p.agencyCode, p.annexId ?? null],
    );
    return rows.map(toDto);
  }

  /** The partner answers with its reference; the last answer restarts the request's clock. */
  async answer(id: string, reference: string, p: Principal): Promise<DocumentRequestDto> {
    return this.db.transaction(async (m) => {
      const [d] = await m.query(`SELECT * FROM document_request WHERE id = $1 FOR UPDATE`, [id]);
      if (!d || d.agency_code !== p.agencyCode || (p.annexId && d.annex_id !== p.annexId)) throw new NotFound('Document request');
      if (d.status !== 'pending') {
        throw new Conflict(
          'document-already-received',
          'Document already received',
          `This document was answered on ${new Date(d.answered_at).toISOString()}`,
          { reference: d.reference },
        );
      }
      await m.query(
        `UPDATE document_request SET status = 'received', reference = $2, answered_at = now(), answered_by = $3 WHERE id = $1`,
        [id, reference.trim(), p.id],
      );
      const r = await this.clocks.clock(m, d.request_id);
      const event = await this.lifecycle.appendEvent(
        m,
        r.id,
        { type: 'document.received', from: null, to: null, reason: `${d.document_code} — ${reference.trim()}`, public: true },
        actorOf(p),
      );
      const [{ left }] = await m.query(`SELECT count(*)::int AS left FROM document_request WHERE request_id = $1 AND status = 'pending'`, [
        r.id,
      ]);
      // Still waiting for the citizen: that pause goes on (the lifecycle's pausing state).
      if (left === 0 && r.sla_paused_at && !LIFECYCLE[r.state as RequestState].pausesSla) await this.resume(m, r);
      await this.outbox.add(m, {
        topic: 'sla.sync',
        idempotencyKey: `request-sla:${event.id}`,
        annexId: r.annex_id,
        payload: { requestId: r.id },
      });
      const [row] = await m.query(`${SELECT} WHERE d.id = $1`, [id]);
      return toDto(row);
    });
  }

  private async resume(m: EntityManager, r: Awaited<ReturnType<RequestClockRepository['clock']>>): Promise<void> {
    const cal = await this.calendars.forAnnex(r.annex_id, m);
    const now = new Date();
    const tacitLeft = r.tacit_accept_at ? workingMinutesBetween(r.sla_paused_at!, r.tacit_accept_at, cal) : null;
    await this.clocks.resume(m, r.id, {
      dueAt: addWorkingMinutes(now, r.sla_remaining_minutes ?? 0, cal),
      warnAt: r.sla_warn_remaining_minutes != null ? addWorkingMinutes(now, r.sla_warn_remaining_minutes, cal) : null,
      tacitAcceptAt: tacitLeft != null ? addWorkingMinutes(now, tacitLeft, cal) : null,
    });
  }
}

const SELECT = `SELECT d.id, d.document_code, d.route, d.status, d.requested_at, d.answered_at, d.reference, s.tracking_code,
                       c.cin, c.first_name, c.last_name, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date
                  FROM document_request d JOIN service_request s ON s.id = d.request_id JOIN citizen c ON c.id = s.citizen_id`;

function toDto(r: Record<string, any>): DocumentRequestDto {
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    documentCode: r.document_code,
    route: r.route,
    status: r.status,
    holder: { cin: r.cin, firstName: r.first_name, lastName: r.last_name, birthDate: r.birth_date },
    requestedAt: new Date(r.requested_at).toISOString(),
    answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
    reference: r.reference,
  };
}
