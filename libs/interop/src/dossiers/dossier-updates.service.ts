import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Conflict, NotFound, NotifyPayload, OutboxService, Principal } from '@app/core';
import {
  actorOf,
  findTransition,
  RequestLifecycle,
  RequestsRepository,
  RequestState,
  RequestTransitions,
  ServiceRequestRecord,
} from '@app/requests';
import { DossierStatus, DossierUpdateDto } from '../dto/dossier-update.dto';
import { DossierUpdateResultDto } from '../dto/dossier-update-result.dto';

/** The agency's statuses that move the request; the others only mark the timeline. */
const STATE_OF: Partial<Record<DossierStatus, RequestState>> = {
  ready_at_agency: 'ready_for_pickup',
  refused: 'rejected',
  collected: 'delivered',
};

/**
 * Status updates posted by the agency handling a forwarded request. Idempotent by (partner,
 * updateId); ordered by the agency's occurredAt, so a late older update is kept but changes
 * nothing. State changes go through the requests lifecycle (its event, outbox and notification).
 */
@Injectable()
export class DossierUpdatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: RequestsRepository,
    private readonly transitions: RequestTransitions,
    private readonly lifecycle: RequestLifecycle,
    private readonly outbox: OutboxService,
  ) {}

  async post(trackingCode: string, dto: DossierUpdateDto, p: Principal): Promise<DossierUpdateResultDto> {
    return this.db.transaction(async (m) => {
      const r = await this.lockRequest(m, trackingCode.trim().toUpperCase(), p);
      const [seen] = await m.query(`SELECT status, outcome FROM dossier_update WHERE partner_id = $1 AND update_id = $2`, [
        p.id,
        dto.updateId,
      ]);
      if (seen) return this.result(dto.updateId, r, seen.status, seen.outcome, true);

      const occurredAt = new Date(dto.occurredAt);
      const [newest] = await m.query(`SELECT max(occurred_at) AS at FROM dossier_update WHERE request_id = $1 AND outcome <> 'stale'`, [
        r.id,
      ]);
      const stale = newest?.at && new Date(newest.at) > occurredAt;
      const actor = actorOf(p);
      const reason = dto.reason?.trim() || null;
      let current = r;
      let outcome: 'applied' | 'recorded' | 'stale' = stale ? 'stale' : 'recorded';
      await this.lifecycle.appendEvent(
        m,
        r.id,
        {
          type: `dossier.${dto.status}`,
          from: r.state,
          to: r.state,
          reason: [dto.agencyReference, reason].filter(Boolean).join(' – ') || null,
          public: !stale,
        },
        actor,
      );
      const target = STATE_OF[dto.status];
      if (!stale && target && findTransition(r.state, target, 'partner', true).ok) {
        current = await this.transitions.apply(m, r, { to: target, reason }, 'partner', actor);
        outcome = 'applied';
      }
      const [ins] = await m.query(
        `INSERT INTO dossier_update (partner_id, update_id, request_id, status, reason, occurred_at, agency_reference, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1`,
        [p.id, dto.updateId, r.id, dto.status, reason, occurredAt, dto.agencyReference ?? null, outcome],
      );
      // Same updateId used at once for another dossier: the other call won; undo ours.
      if (!ins) throw new Conflict('duplicate-update', 'Update already received', `updateId ${dto.updateId} was already used`);
      // A state change notifies through its own template; a timeline-only update gets this one.
      if (outcome === 'recorded') await this.notify(m, r, dto, p.id);
      return this.result(dto.updateId, current, dto.status, outcome, false);
    });
  }

  /**
   * The dossier, if it was forwarded to the caller's agency (in its annex, for a partner bound to
   * one): anything else, even an existing request, is a 404 that tells the partner nothing.
   */
  private async lockRequest(m: EntityManager, trackingCode: string, p: Principal): Promise<ServiceRequestRecord> {
    const [row] = await m.query(
      `SELECT r.id, v.external FROM service_request r JOIN procedure_version v ON v.id = r.procedure_version_id
        WHERE r.tracking_code = $1 AND ($2::uuid IS NULL OR r.annex_id = $2) AND r.agency_code = $3`,
      [trackingCode, p.annexId, p.agencyCode ?? null],
    );
    if (!row) throw new NotFound('Dossier');
    if (!row.external) throw new Conflict('not-external', 'Not an external dossier', `${trackingCode} is handled by the annex itself`);
    return (await this.requests.findById(row.id, m, true))!;
  }

  private async notify(m: EntityManager, r: ServiceRequestRecord, dto: DossierUpdateDto, partnerId: string): Promise<void> {
    await this.outbox.add(m, {
      topic: 'notify',
      idempotencyKey: `dossier-notify:${partnerId}:${dto.updateId}`,
      annexId: r.annexId,
      payload: {
        template: 'dossier.update',
        recipient: { citizenId: r.citizenId },
        requestId: r.id,
        data: {
          trackingCode: r.trackingCode,
          procedureCode: r.procedureCode,
          status: dto.status,
          ...(dto.agencyReference ? { agencyReference: dto.agencyReference } : {}),
        },
      } satisfies NotifyPayload,
    });
  }

  private result(
    updateId: string,
    r: ServiceRequestRecord,
    status: DossierStatus,
    outcome: DossierUpdateResultDto['outcome'],
    duplicate: boolean,
  ): DossierUpdateResultDto {
    return { updateId, trackingCode: r.trackingCode, status, outcome, duplicate, requestState: r.state };
  }
}
