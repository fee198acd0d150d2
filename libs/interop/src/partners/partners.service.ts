import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, decodeCursor, InvalidInput, NotFound, Page, PageQuery, Principal, toPage } from '@app/core';
import { ApiKeyDto } from '../dto/api-key.dto';
import { CreatePartnerDto } from '../dto/create-partner.dto';
import { IssuedKeyDto } from '../dto/issued-key.dto';
import { PartnerCreatedDto } from '../dto/partner-created.dto';
import { PartnerDto } from '../dto/partner.dto';
import { newApiKey } from './api-keys';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function toKeyDto(k: Record<string, any>): ApiKeyDto {
  const status = k.revoked_at ? 'revoked' : new Date(k.expires_at) <= new Date() ? 'expired' : 'active';
  return { id: k.id, prefix: k.prefix, status, createdAt: iso(k.created_at)!, expiresAt: iso(k.expires_at)!, revokedAt: iso(k.revoked_at) };
}

/** Partner systems and their API keys (admin only). */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async create(dto: CreatePartnerDto, admin: Principal): Promise<PartnerCreatedDto> {
    return this.db.transaction(async (m) => {
      if (dto.annexId && !(await m.query(`SELECT 1 FROM annex WHERE id = $1`, [dto.annexId])).length) {
        throw new InvalidInput([{ field: 'annexId', reason: 'exists', message: 'annexId names no annex' }]);
      }
      if (dto.agencyCode && !(await m.query(`SELECT 1 FROM agency WHERE code = $1`, [dto.agencyCode])).length) {
        throw new InvalidInput([{ field: 'agencyCode', reason: 'exists', message: 'agencyCode names no agency' }]);
      }
      const [p] = await m.query(
        `INSERT INTO partner (name, scopes, annex_id, agency_code, rate_limit_per_minute, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [dto.name.trim(), dto.scopes, dto.annexId ?? null, dto.agencyCode ?? null, dto.rateLimitPerMinute ?? 600, admin.id],
      );
      const issued = await this.issue(m, p.id, admin);
      return { ...(await this.load(p.id, m)), apiKey: issued.apiKey };
    });
  }

  async list(q: PageQuery): Promise<Page<PartnerDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    const rows = await this.db.query(
      `SELECT id, created_at FROM partner ${after ? 'WHERE (created_at, id) < ($2::timestamptz, $3::uuid)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      after ? [limit + 1, ...after] : [limit + 1],
    );
    const page = toPage(
      rows as Record<string, any>[],
      limit,
      (r) => [iso(r.created_at), r.id],
      (r) => r.id as string,
    );
    return { items: await Promise.all(page.items.map((id) => this.load(id))), nextCursor: page.nextCursor };
  }

  get(id: string): Promise<PartnerDto> {
    return this.load(id);
  }

  /** Issues a new key; the partner's other live keys keep working for the overlap window only. */
  async rotate(partnerId: string, admin: Principal): Promise<IssuedKeyDto> {
    return this.db.transaction(async (m) => {
      await this.lockPartner(m, partnerId);
      await m.query(
        `UPDATE partner_api_key SET expires_at = LEAST(expires_at, now() + make_interval(hours => $2))
          WHERE partner_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
        [partnerId, this.config.PARTNER_KEY_OVERLAP_HOURS],
      );
      return this.issue(m, partnerId, admin);
    });
  }

  /** Revocation takes effect on the next call: keys are checked against PostgreSQL every time. */
  async revoke(partnerId: string, keyId: string): Promise<ApiKeyDto> {
    const [rows] = await this.db.query(
      `UPDATE partner_api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND partner_id = $2 RETURNING *`,
      [keyId, partnerId],
    );
    if (!rows?.length) throw new NotFound('API key');
    return toKeyDto(rows[0]);
  }

  private async issue(m: EntityManager, partnerId: string, admin: Principal): Promise<IssuedKeyDto> {
    const key = newApiKey();
    const [row] = await m.query(
      `INSERT INTO partner_api_key (partner_id, prefix, key_hash, expires_at, created_by)
       VALUES ($1, $2, $3, now() + make_interval(days => $4), $5) RETURNING *`,
      [partnerId, key.prefix, key.hash, this.config.PARTNER_KEY_TTL_DAYS, admin.id],
    );
    return { ...toKeyDto(row), apiKey: key.key };
  }

  private async lockPartner(m: EntityManager, id: string): Promise<void> {
    if (!(await m.query(`SELECT 1 FROM partner WHERE id = $1 FOR UPDATE`, [id])).length) throw new NotFound('Partner');
  }

  private async load(id: string, m: EntityManager = this.db.manager): Promise<PartnerDto> {
    const [p] = await m.query(`SELECT * FROM partner WHERE id = $1`, [id]);
    if (!p) throw new NotFound('Partner');
    const keys = await m.query(`SELECT * FROM partner_api_key WHERE partner_id = $1 ORDER BY created_at DESC, id`, [id]);
    return {
      id: p.id,
      name: p.name,
      scopes: p.scopes,
      annexId: p.annex_id,
      agencyCode: p.agency_code,
      rateLimitPerMinute: p.rate_limit_per_minute,
      createdAt: iso(p.created_at)!,
      keys: keys.map(toKeyDto),
    };
  }
}
