import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Forbidden, NotFound, Page, PageQuery, Principal, resolvePeriod, toPage } from '@app/core';
import { AccessAlertDto, AccessEventDto, AuditEventDto, AuditQuery } from '../dto/access-event.dto';

/** Alert thresholds for one period: distinct citizens read outside any request, and in all. */
export const ALERT_OUTSIDE_REQUESTS = 20;
export const ALERT_CITIZENS = 200;
/** The longest audit period one answer covers. */
const AUDIT_MAX_DAYS = 366;

const EVENT_SELECT = `l.id, l.at, l.action, l.role, l.counter, l.reason, l.staff_id, l.citizen_id, l.object_id,
  a.name_ar, a.name_fr, r.tracking_code, s.username`;
const EVENT_FROM = `citizen_access_log l LEFT JOIN annex a ON a.id = l.annex_id
  LEFT JOIN service_request r ON r.id = l.request_id LEFT JOIN staff s ON s.id = l.staff_id`;

function toEvent(r: Record<string, any>): AccessEventDto {
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    what: r.action,
    role: r.role,
    annex: r.name_fr ? { ar: r.name_ar, fr: r.name_fr } : null,
    counter: r.counter,
    requestTrackingCode: r.tracking_code ?? null,
    reason: r.reason,
  };
}

function toAudit(r: Record<string, any>): AuditEventDto {
  return { ...toEvent(r), staffId: r.staff_id, staffUsername: r.username ?? null, citizenId: r.citizen_id, objectId: r.object_id };
}

/** Law 09-08: the citizen's view of who read their record, and the supervisor's audit of reads. */
@Injectable()
export class PrivacyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async myLog(p: Principal, q: PageQuery): Promise<Page<AccessEventDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.db.query(
      `SELECT ${EVENT_SELECT} FROM ${EVENT_FROM} WHERE l.citizen_id = $1 AND ($2::bigint IS NULL OR l.id < $2) ORDER BY l.id DESC LIMIT $3`,
      [p.id, after ? String(after[0]) : null, limit + 1],
    );
    return toPage(rows, limit, (r: Record<string, any>) => [String(r.id)], toEvent);
  }

  /** The annex's reads in a period (local days), newest first; `limit` null for the CSV (whole period). */
  async audit(p: Principal, q: AuditQuery, limit: number | null): Promise<Page<AuditEventDto>> {
    const { annexId, tz } = await this.scope(p);
    const { from, to } = resolvePeriod(q, tz, 30, AUDIT_MAX_DAYS);
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.db.query(
      `SELECT ${EVENT_SELECT} FROM ${EVENT_FROM}
        WHERE ($1::uuid IS NULL OR l.annex_id = $1)
          AND l.at >= ($2::date::timestamp AT TIME ZONE $4) AND l.at < (($3::date + 1)::timestamp AT TIME ZONE $4)
          AND ($5::uuid IS NULL OR l.staff_id = $5) AND ($6::uuid IS NULL OR l.citizen_id = $6)
          AND ($7::bigint IS NULL OR l.id < $7)
        ORDER BY l.id DESC ${limit === null ? '' : `LIMIT ${limit + 1}`}`,
      [annexId, from, to, tz, q.staffId ?? null, q.citizenId ?? null, after ? String(after[0]) : null],
    );
    return toPage(rows, limit ?? rows.length, (r: Record<string, any>) => [String(r.id)], toAudit);
  }

  auditCsv(events: AuditEventDto[]): string {
    const esc = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
    const head = 'id,at,staff_id,staff_username,role,counter,what,citizen_id,object_id,request,reason';
    const lines = events.map((e) =>
      [e.id, e.at, e.staffId, e.staffUsername, e.role, e.counter, e.what, e.citizenId, e.objectId, e.requestTrackingCode, e.reason]
        .map(esc)
        .join(','),
    );
    return `${[head, ...lines].join('\r\n')}\r\n`;
  }

  /**
   * Staff whose reading stands out in the period: many distinct citizens read outside any
   * request (profiles opened or found by searches with no request as purpose), or many in all.
   */
  async alerts(p: Principal, q: Pick<AuditQuery, 'from' | 'to'>): Promise<AccessAlertDto[]> {
    const { annexId, tz } = await this.scope(p);
    const { from, to } = resolvePeriod(q, tz, 7, AUDIT_MAX_DAYS);
    const rows = await this.db.query(
      `SELECT l.staff_id, s.username, min(l.role) AS role,
              count(DISTINCT l.citizen_id)::int AS citizens,
              count(DISTINCT l.citizen_id) FILTER (WHERE l.request_id IS NULL)::int AS outside,
              count(*) FILTER (WHERE l.action = 'citizen' AND l.reason IS NULL)::int AS without_reason
         FROM citizen_access_log l LEFT JOIN staff s ON s.id = l.staff_id
        WHERE ($1::uuid IS NULL OR l.annex_id = $1)
          AND l.at >= ($2::date::timestamp AT TIME ZONE $4) AND l.at < (($3::date + 1)::timestamp AT TIME ZONE $4)
        GROUP BY l.staff_id, s.username
       HAVING count(DISTINCT l.citizen_id) FILTER (WHERE l.request_id IS NULL) >= $5 OR count(DISTINCT l.citizen_id) >= $6
        ORDER BY outside DESC, citizens DESC`,
      [annexId, from, to, tz, ALERT_OUTSIDE_REQUESTS, ALERT_CITIZENS],
    );
    return rows.map((r: Record<string, any>) => ({
      staffId: r.staff_id,
      staffUsername: r.username ?? null,
      role: r.role,
      citizens: r.citizens,
      outsideRequests: r.outside,
      withoutReason: r.without_reason,
      kinds: [
        ...(r.outside >= ALERT_OUTSIDE_REQUESTS ? ['many-outside-requests'] : []),
        ...(r.citizens >= ALERT_CITIZENS ? ['many-records'] : []),
      ],
    }));
  }

  private async scope(p: Principal): Promise<{ annexId: string | null; tz: string }> {
    if (p.role !== 'supervisor' && p.role !== 'admin') throw new Forbidden();
    if (!p.annexId) return { annexId: null, tz: 'Africa/Casablanca' };
    const [a] = await this.db.query(`SELECT time_zone FROM annex WHERE id = $1`, [p.annexId]);
    if (!a) throw new NotFound('Annex');
    return { annexId: p.annexId, tz: a.time_zone };
  }
}
