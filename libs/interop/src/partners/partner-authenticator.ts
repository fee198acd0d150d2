import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeyAuthenticator, DomainError, RedisThrottlerStorage } from '@app/core';
import { hashKey } from './api-keys';
import { PartnerPrincipal } from './partner-principal';

export class PartnerRateLimited extends DomainError {
  constructor(limit: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'rate-limited', 'Too many requests', `This key is limited to ${limit} calls a minute`);
  }
}

/** `Authorization: ApiKey <key>` → the partner, if the key is known, not revoked, not expired and within its rate. */
@Injectable()
export class PartnerAuthenticator extends ApiKeyAuthenticator {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RedisThrottlerStorage) private readonly limits: RedisThrottlerStorage,
  ) {
    super();
  }

  async authenticate(key: string): Promise<PartnerPrincipal | null> {
    const [row] = await this.db.query(
      `SELECT k.id AS key_id, k.prefix, p.id, p.scopes, p.annex_id, p.agency_code, p.rate_limit_per_minute
         FROM partner_api_key k JOIN partner p ON p.id = k.partner_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND k.expires_at > now()`,
      [hashKey(key)],
    );
    if (!row) return null;
    // One-minute window per key, shared by every API instance (per instance while Redis is down).
    const { totalHits } = await this.limits.increment(row.key_id, 60_000, Number.MAX_SAFE_INTEGER, 60_000, 'partner');
    if (totalHits > row.rate_limit_per_minute) throw new PartnerRateLimited(row.rate_limit_per_minute);
    return {
      id: row.id,
      kind: 'partner',
      role: 'partner',
      annexId: row.annex_id,
      counter: null,
      scopes: row.scopes,
      agencyCode: row.agency_code,
      channel: 'api',
      keyPrefix: row.prefix,
    };
  }
}
