import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import {
  AccessLog,
  ReadReplica,
  addWorkingMinutes,
  AppConfig,
  CalendarService,
  Channel,
  decodeCursor,
  encodeCursor,
  InvalidInput,
  NotFound,
  NotifyPayload,
  OutboxService,
  Page,
  PageQuery,
  Principal,
  STAFF_ROLES,
} from '@app/core';
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
  /** numeric columns: node-postgres returns them as strings */
  lat: string | null;
  long: string | null;
  address_string: string | null;
  media_url: string | null;
}

/** The public Open311 listing's filters (GeoReport v2 `GET requests`). */
export interface PublicGrievanceFilter {
  /** Tracking codes; when given, the other filters are ignored (as the spec says). */
  ids?: string[];
  kinds?: string[];
  status?: ('open' | 'closed')[];
  start: Date;
  end: Date;
  limit: number;
  /** The Open311 jurisdiction (an annex); all annexes when absent. */
  annexId?: string;
}

export type PublicGrievanceRow = GrievanceRow & { last_response: string | null; annex_code: string };

/** Who filed through Open311: the partner whose api_key came with the request. */
export interface FilingOrigin {
  filedBy?: string;
  /** Open311 makes contact details optional: such a request is followed by its id only. */
  contactOptional?: boolean;
  /** The annex named by an Open311 jurisdiction_id. */
  annexId?: string;
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
    private readonly reads: ReadReplica,
  ) {}

  async file(
    d: GrievanceCreate,
    p: Principal | undefined,
    channel: Channel = p?.channel ?? 'web',
    origin: FilingOrigin = {},
  ): Promise<GrievanceDto> {
    const citizenId = p?.role === 'citizen' ? p.id : (d.citizenId ?? null);
    if (!citizenId && !d.phone && !origin.contactOptional)
      throw new InvalidInput([
        { field: 'phone', reason: 'required', message: 'a phone number is needed to follow a grievance filed without an account' },
      ]);
    const annexId = origin.annexId ?? p?.annexId;
    const [annex] = annexId
      ? await this.db.query(`SELECT id, code FROM annex WHERE id = $1`, [annexId])
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
                                photo_token_hash, photo_token_expires_at, public_consent, lat, long, address_string, media_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING *`,
        [
          annex.id,
          code,
          d.kind,
          d.subject,
          d.description,
          citizenId,
          d.phone ?? null,
          d.requestId ?? null,
          d.neighbourhoodId ?? null,
          origin.filedBy ?? p?.id ?? null,
          channel,
          addWorkingMinutes(new Date(), GRIEVANCE_RESPONSE_HOURS * 60, cal),
          photoToken ? tokenHash(photoToken) : null,
          photoToken ? new Date(Date.now() + PHOTO_TOKEN_MINUTES * 60_000) : null,
          d.publicConsent === true,
          d.lat ?? null,
          d.long ?? null,
          d.addressString ?? null,
          d.mediaUrl ?? null,
        ],
      );
      return { ...this.toDto(row, [], []), ...(photoToken ? { photoToken } : {}) };
    });
  }

  async respond(id: string, d: GrievanceResponseCreate, p: Principal): Promise<GrievanceDto> {
    return this.db.transaction(async (m) => {
      const state = d.state ?? 'answered';
      const [[g]] = await m.query(
        `UPDATE grievance SET state = $3, owner_id = COALESCE(owner_id, $4), updated_at = now() WHERE id = $1 AND annex_id = $2 RETURNING *`,
        [id, p.annexId, state, p.id],
      );
      if (!g) throw new NotFound('Grievance');
      const [r] = await m.query(
        `INSERT INTO grievance_response (grievance_id, staff_id, body, state, public) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [id, p.id, d.body, state, d.public === true],
      );
      await this.outbox.add(m, {
        topic: 'notify',
        idempotencyKey: `grievance-response:${r.id}`,
        annexId: g.annex_id,
        payload: {
          template: 'grievance.response',
          recipient: g.citizen_id ? { citizenId: g.citizen_id } : { phone: g.phone },
          data: { trackingCode: g.tracking_code, reason: d.body },
          annexId: g.annex_id,
        } satisfies NotifyPayload,
      });
      return this.toDto(g, await this.responses(id, m), await this.photos(id, m));
    });
  }

  /** Staff publish a grievance of public interest (or withdraw it) whatever the filer chose. */
  async publish(id: string, d: GrievancePublication, p: Principal): Promise<GrievanceDto> {
    const [[g]] = await this.db.query(
      `UPDATE grievance SET staff_public = $3, updated_at = now() WHERE id = $1 AND ($2::uuid IS NULL OR annex_id = $2) RETURNING *`,
      [id, p.annexId, d.public],
    );
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

  /** Newest first, in keyset pages of `limit` (cursor: the last one's created_at and id). */
  async list(p: Principal, q: PageQuery = {}): Promise<Page<GrievanceDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    const owner = p.role === 'citizen' ? `citizen_id = $1` : `annex_id = $1`;
    // created_at as text keeps its microseconds (a JS Date would round them and skip rows).
    const rows: (GrievanceRow & { created_key: string })[] = await this.db.query(
      `SELECT *, created_at::text AS created_key FROM grievance WHERE ${owner} AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [p.role === 'citizen' ? p.id : p.annexId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    // Staff reading the list read each filer's text: one access event per grievance shown.
    await this.access.record(
      p,
      page.map((g) => ({ citizenId: g.citizen_id, what: 'grievance' as const, objectId: g.id, requestId: g.request_id })),
    );
    const items = await Promise.all(page.map(async (g) => this.toDto(g, await this.responses(g.id), await this.photos(g.id))));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor([last.created_key, last.id]) : null };
  }

  /** Law 09-08: only what the filer agreed to publish, or staff marked public; only public replies. */
  private static readonly PUBLISHED = `(g.public_consent OR g.staff_public)`;

  /**
   * The public Open311 listing, never who filed it: the one query behind `GET requests`, so
   * publication rules (e.g. the filer's consent) are one more predicate here.
   */
  async publicList(f: PublicGrievanceFilter): Promise<PublicGrievanceRow[]> {
    const where: string[] = [GrievancesService.PUBLISHED];
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    if (f.annexId) where.push(`g.annex_id = ${arg(f.annexId)}`);
    if (f.ids?.length) where.push(`g.tracking_code = ANY(${arg(f.ids)}::text[])`);
    else {
      where.push(`g.created_at >= ${arg(f.start)}`, `g.created_at <= ${arg(f.end)}`);
      if (f.kinds?.length) where.push(`g.kind = ANY(${arg(f.kinds)}::text[])`);
      if (f.status?.length === 1) where.push(f.status[0] === 'closed' ? `g.state = 'closed'` : `g.state <> 'closed'`);
    }
    // The Open311 lists read the replica when there is one; a lookup by id stays on the primary
    // (a client reads back what it has just posted).
    return (f.ids?.length ? this.db : this.reads).query(
      `SELECT g.*, a.code AS annex_code,
              (SELECT body FROM grievance_response r WHERE r.grievance_id = g.id AND r.public ORDER BY r.id DESC LIMIT 1) AS last_response
         FROM grievance g JOIN annex a ON a.id = g.annex_id WHERE ${where.join(' AND ')} ORDER BY g.created_at DESC, g.id LIMIT ${arg(f.limit)}`,
      args,
    );
  }

  async publicOne(code: string, annexId?: string): Promise<PublicGrievanceRow | undefined> {
    return (await this.publicList({ ids: [code], start: new Date(0), end: new Date(), limit: 1, annexId }))[0];
  }

  /** An Open311 jurisdiction_id is an annex code (case-insensitive). */
  async annexIdByCode(code: string): Promise<string | undefined> {
    return (await this.db.query(`SELECT id FROM annex WHERE code = upper($1)`, [code.slice(0, 16)]))[0]?.id;
  }

  private responses(id: string, m = this.db.manager): Promise<{ body: string; state: string; at: Date; public: boolean }[]> {
    return m.query(`SELECT body, state, at, public FROM grievance_response WHERE grievance_id = $1 ORDER BY id`, [id]);
  }

  private async photos(id: string, m = this.db.manager): Promise<GrievancePhotoDto[]> {
    const rows = await m.query(
      `SELECT id, content_type, size_bytes, created_at FROM grievance_photo WHERE grievance_id = $1 ORDER BY created_at, id`,
      [id],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id,
      contentType: r.content_type,
      sizeBytes: r.size_bytes,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  private toDto(
    g: GrievanceRow,
    responses: { body: string; state: string; at: Date; public: boolean }[],
    photos: GrievancePhotoDto[],
  ): GrievanceDto {
    return {
      id: g.id,
      trackingCode: g.tracking_code,
      kind: g.kind,
      subject: g.subject,
      description: g.description,
      state: g.state,
      lat: g.lat === null ? null : Number(g.lat),
      long: g.long === null ? null : Number(g.long),
      addressString: g.address_string,
      mediaUrl: g.media_url,
      dueAt: new Date(g.due_at).toISOString(),
      createdAt: new Date(g.created_at).toISOString(),
      publicConsent: g.public_consent,
      published: g.public_consent || g.staff_public,
      responses: responses.map((r) => ({ body: r.body, state: r.state, at: new Date(r.at).toISOString(), public: r.public })),
      photos,
    };
  }
}
