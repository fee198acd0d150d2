import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal, STAFF_ROLES } from '../auth/principal';

/** What a staff member read: one word per kind of record, the same in the API, the table and the UI. */
export const ACCESS_WHATS = ['citizen', 'search', 'request', 'attachment', 'certificate', 'grievance', 'export'] as const;
export type AccessWhat = (typeof ACCESS_WHATS)[number];

export interface AccessEntry {
  /** Whose record; null for a grievance filed without an account. */
  citizenId: string | null;
  what: AccessWhat;
  /** The record read (request, attachment, grievance...). */
  objectId?: string | null;
  /** The purpose when it is a request being processed. */
  requestId?: string | null;
}

/**
 * Law 09-08: every staff read of personal data is recorded (who, role, annex, counter, whose
 * record, what, when, why), in one multi-row INSERT per read; the citizen sees it at
 * `/me/access-log`. Reads by the citizen themself, devices and partners are not staff reads.
 */
@Injectable()
export class AccessLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `reason`: the purpose typed by the staff member (a free search, opening a profile). */
  async record(p: Principal, entries: AccessEntry[], reason?: string | null, m: EntityManager = this.db.manager): Promise<void> {
    if (p.kind !== 'staff' || !STAFF_ROLES.includes(p.role) || entries.length === 0) return;
    await m.query(
      `INSERT INTO citizen_access_log (citizen_id, staff_id, role, annex_id, counter, action, object_id, request_id, reason)
       SELECT c, $1, $2, $3, $4, w, o, r, $5 FROM unnest($6::uuid[], $7::text[], $8::uuid[], $9::uuid[]) AS t(c, w, o, r)`,
      [
        p.id,
        p.role,
        p.annexId,
        p.counter,
        reason?.trim().slice(0, 200) || null,
        entries.map((e) => e.citizenId),
        entries.map((e) => e.what),
        entries.map((e) => e.objectId ?? null),
        entries.map((e) => e.requestId ?? null),
      ],
    );
  }
}
