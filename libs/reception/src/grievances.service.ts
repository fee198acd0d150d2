import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AccessLog, addWorkingMinutes, AppConfig, CalendarService, Channel, InvalidInput, NotFound, NotifyPayload, OutboxService, Principal, STAFF_ROLES } from '@app/core';
import { GrievanceCreate, GrievanceDto, GrievancePublication, GrievancePhotoDto, GrievanceResponseCreate } from './dto/grievance.dto';

/** The annex answers within this many working hours (art. 156: public follow-up of grievances). */
export const GRIEVANCE_RESPONSE_HOURS = 40;
/** How long someone who filed without an account may add photos. */
const PHOTO_TOKEN_MINUTES = 60;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A citizen or a staff member adds photos with their account; anyone else needs the photo token. */
export const addsWithAccount = (p: Principal | undefined): boolean => !!p && (p.role === 'citizen' || STAFF_ROLES.includes(p.role));

export interface GrievanceRow {
  id: string;
  tracking_code: string;
  kind: string;
  subject: string;
  description: string;
  state: string;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
  citizen_id: string | null;
  request_id: string | null;
  annex_id: string;
  public_consent: boolean;
  staff_public: boolean;
}

/** Grievances, observations and proposals: a tracking code, an owner, a deadline, a public timeline. */
@Injectable()
export class GrievancesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly calendars: CalendarService,
    private readonly config: AppConfig,
    private readonly access: AccessLog,
  ) {}

  async file(d: GrievanceCreate, p: Principal | undefined, channel: Channel = p?.channel ?? 'web'): Promise<GrievanceDto> {
    const citizenId = p?.role === 'citizen' ? p.id : (d.citizenId ?? null);
    if (!citizenId && !d.phone) throw new InvalidInput([{ field: 'phone', reason: 'required', message: 'a phone number is needed to follow a grievance filed without an account' }]);
    const [annex] = p?.annexId
      ? await this.db.query(`SELECT id, code FROM annex WHERE id = $1`, [p.annexId])
      : await this.db.query(`SELECT id, code FROM annex WHERE code = $1`, [this.config.DEFAULT_ANNEX_CODE]);
    const cal = await this.calendars.forAnnex(annex.id);
    const year = DateTime.now().setZone(cal.timeZone).year;
    return this.db.transaction(async (m) => {
      // One number at a time per annex (grievances are few: a lock is simpler than a counter table).
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('grievance:' || $1))`, [annex.id]);
      const [{ next }] = await m.query(
        `SELECT COALESCE(max(substring(tracking_code FROM '(\\d+)$')::int), 0) + 1 AS next FROM grievance WHERE annex_id = $1 AND tracking_code LIKE $2 || '%'`,
        [annex.id, `${annex.code}-${year}-G-`],
      );
      const code = `${annex.code}-${year}-G-${String(next).padStart(6, '0')}`;
      // A citizen or staff member adds photos with their account; anyone else (anonymous, a kiosk)
      // gets a token, once.
      const photoToken = addsWithAccount(p) ? undefined : randomBytes(24).toString('base64url');
      const [row] = await m.query(
        `INSERT INTO grievance (annex_id, tracking_code, kind, subject, description, citizen_id, phone, request_id, neighbourhood_id, filed_by, channel, due_at,
                                photo_token_hash, photo_token_expires_at, public_consent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
        [annex.id, code, d.kind, d.subject, d.description, citizenId, d.phone ?? null, d.requestId ?? null, d.neighbourhoodId ?? null, p?.id ?? null, channel,
          addWorkingMinutes(new Date(), GRIEVANCE_RESPONSE_HOURS * 60, cal), photoToken ? tokenHash(photoToken) : null, photoToken ? new Date(Date.now() + PHOTO_TOKEN_MINUTES * 60_000) : null, d.publicConsent === true],
      );
      return { ...this.toDto(row, [], []), ...(photoToken ? { photoToken } : {}) };
    });
  }

  async respond(id: string, d: GrievanceResponseCreate, p: Principal): Promise<GrievanceDto> {
    return this.db.transaction(async (m) => {
      const state = d.state ?? 'answered';
      const [[g]] = await m.query(`UPDATE grievance SET state = $3, owner_id = COALESCE(owner_id, $4), updated_at = now() WHERE id = $1 AND annex_id = $2 RETURNING *`, [
        id,
        p.annexId,
        state,
        p.id,
      ]);
      if (!g) throw new NotFound('Grievance');
      const [r] = await m.query(`INSERT INTO grievance_response (grievance_id, staff_id, body, state, public) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [id, p.id, d.body, state, d.public === true]);
      await this.outbox.add(m, {
        topic: 'notify',
        idempotencyKey: `grievance-response:${r.id}`,
        annexId: g.annex_id,
        payload: {
          template: 'grievance.response',
          recipient: g.citizen_id ? { citizenId: g.citizen_id } : { phone: g.phone },
          data: { trackingCode: g.tracking_code, reason: d.body },
        } satisfies NotifyPayload,
      });
      return this.toDto(g, await this.responses(id, m), await this.photos(id, m));
    });
  }

  /** Staff publish a grievance of public interest (or withdraw it) whatever the filer chose. */
  async publish(id: string, d: GrievancePublication, p: Principal): Promise<GrievanceDto> {
    const [[g]] = await this.db.query(`UPDATE grievance SET staff_public = $3, updated_at = now() WHERE id = $1 AND ($2::uuid IS NULL OR annex_id = $2) RETURNING *`, [id, p.annexId, d.public]);
    if (!g) throw new NotFound('Grievance');
    return this.toDto(g, await this.responses(id), await this.photos(id));
  }

  async get(id: string, p: Principal): Promise<GrievanceDto> {
    const g = await this.visible(id, p);
    await this.access.record(p, [{ citizenId: g.citizen_id, what: 'grievance', objectId: g.id, requestId: g.request_id }]);
    return this.toDto(g, await this.responses(id), await this.photos(id));
  }

  /** A grievance its citizen or the annex's staff may see; anyone else is told it does not exist. */
  async visible(id: string, p: Principal): Promise<GrievanceRow> {
    const [g] = await this.db.query(`SELECT * FROM grievance WHERE id = $1`, [id]);
    const staff = STAFF_ROLES.includes(p.role) && (p.annexId === null || p.annexId === g?.annex_id);
    if (!g || !(staff || (p.role === 'citizen' && g.citizen_id === p.id))) throw new NotFound('Grievance');
    return g;
  }

  async list(p: Principal): Promise<GrievanceDto[]> {
    const rows: GrievanceRow[] =
      p.role === 'citizen'
        ? await this.db.query(`SELECT * FROM grievance WHERE citizen_id = $1 ORDER BY created_at DESC LIMIT 100`, [p.id])
        : await this.db.query(`SELECT * FROM grievance WHERE annex_id = $1 ORDER BY created_at DESC LIMIT 100`, [p.annexId]);
    // Staff reading the list read each filer's text: one access event per grievance shown.
    await this.access.record(p, rows.map((g) => ({ citizenId: g.citizen_id, what: 'grievance' as const, objectId: g.id, requestId: g.request_id })));
    return Promise.all(rows.map(async (g) => this.toDto(g, await this.responses(g.id), await this.photos(g.id))));
  }

  /** Law 09-08: only what the filer agreed to publish, or staff marked public; only public replies. */
  private static readonly PUBLISHED = `(g.public_consent OR g.staff_public)`;
  private static readonly LAST_PUBLIC_REPLY = `(SELECT body FROM grievance_response r WHERE r.grievance_id = g.id AND r.public ORDER BY r.id DESC LIMIT 1)`;

  /** For the public Open311 listing: never who filed it. */
  async publicList(limit = 100): Promise<(GrievanceRow & { last_response: string | null })[]> {
    return this.db.query(
      `SELECT g.*, ${GrievancesService.LAST_PUBLIC_REPLY} AS last_response
         FROM grievance g WHERE ${GrievancesService.PUBLISHED} ORDER BY g.created_at DESC LIMIT ${limit}`,
    );
  }

  async publicOne(code: string): Promise<(GrievanceRow & { last_response: string | null }) | undefined> {
    return (
      await this.db.query(
        `SELECT g.*, ${GrievancesService.LAST_PUBLIC_REPLY} AS last_response
           FROM grievance g WHERE g.tracking_code = $1 AND ${GrievancesService.PUBLISHED}`,
        [code],
      )
    )[0];
  }

  private responses(id: string, m = this.db.manager): Promise<{ body: string; state: string; at: Date; public: boolean }[]> {
    return m.query(`SELECT body, state, at, public FROM grievance_response WHERE grievance_id = $1 ORDER BY id`, [id]);
  }

  private async photos(id: string, m = this.db.manager): Promise<GrievancePhotoDto[]> {
    const rows = await m.query(`SELECT id, content_type, size_bytes, created_at FROM grievance_photo WHERE grievance_id = $1 ORDER BY created_at, id`, [id]);
    return rows.map((r: Record<string, any>) => ({ id: r.id, contentType: r.content_type, sizeBytes: r.size_bytes, createdAt: new Date(r.created_at).toISOString() }));
  }

  private toDto(g: GrievanceRow, responses: { body: string; state: string; at: Date; public: boolean }[], photos: GrievancePhotoDto[]): GrievanceDto {
    return {
      id: g.id,
      trackingCode: g.tracking_code,
      kind: g.kind,
      subject: g.subject,
      description: g.description,
      state: g.state,
      dueAt: new Date(g.due_at).toISOString(),
      createdAt: new Date(g.created_at).toISOString(),
      publicConsent: g.public_consent,
      published: g.public_consent || g.staff_public,
      responses: responses.map((r) => ({ body: r.body, state: r.state, at: new Date(r.at).toISOString(), public: r.public })),
      photos,
    };
  }
}
