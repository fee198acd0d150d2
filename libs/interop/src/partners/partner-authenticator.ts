import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ApiKeyAuthenticator, AppConfig, DomainError, REDIS } from '@app/core';
import { hashKey } from './api-keys';
import { PartnerPrincipal } from './partner-principal';

// Fixed one-minute window per key, shared by every API instance.
const WINDOW_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits
`;

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
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
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
    const window = Math.floor(Date.now() / 60_000);
    const hits = Number(await this.redis.eval(WINDOW_SCRIPT, 1, `${this.config.QUEUE_PREFIX}:partner-rate:${row.key_id}:${window}`, 60_000));
    if (hits > row.rate_limit_per_minute) throw new PartnerRateLimited(row.rate_limit_per_minute);
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
