import { createHash, randomInt } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, DomainError, InvalidInput, Language, NotifyPayload, OutboxService } from '@app/core';

export type CodePurpose = 'signup' | 'claim' | 'kiosk' | 'appointment' | 'mandate';
export const CODE_TTL_MS = 5 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;

const hash = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest('hex');

const keyHash = (kind: 'phone' | 'cin', value: string) =>
  createHash('sha256')
    .update(`${kind}:${kind === 'cin' ? value.toUpperCase() : value.replace(/[\s.-]/g, '')}`)
    .digest('hex');

export class TooManyCodes extends DomainError {
  constructor(field: 'phone' | 'cin', retryAfter: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'too-many-codes',
      'Too many codes requested',
      'Too many codes were asked for this phone number or CIN; retry later',
      [{ field, reason: 'tooManyCodes', message: `too many codes for this ${field === 'cin' ? 'CIN' : 'phone number'}; retry later` }],
      { retryAfter },
    );
  }
}

const refuse = (reason: string, message: string, status = HttpStatus.BAD_REQUEST) =>
  new InvalidInput([{ field: 'code', reason, message }], status);

/**
 * One-time codes sent by SMS: 6 digits, stored hashed, valid 5 minutes, single use, 5 tries.
 * The SMS itself is an outbox message written in the caller's transaction.
 */
@Injectable()
export class OneTimeCodes {
  constructor(
    private readonly outbox: OutboxService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts this request for a code against its phone and CIN, known or not (the answer must not
   * tell whether an account exists), and refuses past OTP_LIMIT_PER_WINDOW in the window with 429
   * and the seconds until a slot frees. Serialized per key, so a burst cannot overshoot.
   */
  async admit(m: EntityManager, o: { purpose: CodePurpose; phone?: string | null; cin?: string | null }): Promise<void> {
    // Always CIN first, then phone: one lock order (no deadlock), and a CIN over its limit is
    // named as such whether or not it has an account (whose phone would be counted too).
    const keys = [
      ['cin', o.cin ? keyHash('cin', o.cin) : null],
      ['phone', o.phone ? keyHash('phone', o.phone) : null],
    ].filter((k): k is ['phone' | 'cin', string] => k[1] !== null);
    const windowSeconds = this.config.OTP_LIMIT_WINDOW_MINUTES * 60;
    for (const [field, h] of keys) {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 19))`, [h]);
      const [row] = await m.query(
        `SELECT count(*)::int AS n, ceil(extract(epoch FROM min(created_at) + make_interval(secs => $3) - now()))::int AS retry
           FROM code_request WHERE ${field}_hash = $1 AND created_at > now() - make_interval(secs => $3)
          HAVING count(*) >= $2`,
        [h, this.config.OTP_LIMIT_PER_WINDOW, windowSeconds],
      );
      if (row) throw new TooManyCodes(field, Math.max(1, row.retry));
    }
    await m.query(`INSERT INTO code_request (purpose, phone_hash, cin_hash) VALUES ($1, $2, $3)`, [
      o.purpose,
      o.phone ? keyHash('phone', o.phone) : null,
      o.cin ? keyHash('cin', o.cin) : null,
    ]);
  }

  async issue(
    m: EntityManager,
    o: {
      purpose: CodePurpose;
      subjectId: string | null;
      payload?: Record<string, unknown>;
      phone: string | null;
      language?: Language;
    },
  ): Promise<{ id: string; expiresAt: Date }> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.now() + CODE_TTL_MS);
    const [row] = await m.query(
      `INSERT INTO one_time_code (purpose, subject_id, payload, code_hash, expires_at) VALUES ($1, $2, $3, 'pending', $4) RETURNING id`,
      [o.purpose, o.subjectId, o.payload ?? {}, expiresAt],
    );
    await m.query(`UPDATE one_time_code SET code_hash = $2 WHERE id = $1`, [row.id, hash(row.id, code)]);
    if (o.phone) {
      await this.outbox.add(m, {
        topic: 'notify',
        idempotencyKey: `otp:${row.id}`,
        payload: {
          template: 'otp',
          recipient: { phone: o.phone, language: o.language ?? 'fr' },
          data: { code, purpose: o.purpose },
        } satisfies NotifyPayload,
      });
    }
    return { id: row.id, expiresAt };
  }

  /**
   * Spends a code inside the caller's transaction. The attempt is counted first, on its own
   * (committed even if the caller's request then fails), so guessing stays bounded; the code is
   * marked used in the caller's transaction, so it is spent only if what it unlocks commits.
   */
  async spend(
    m: EntityManager,
    id: string,
    purpose: CodePurpose,
    code: string,
  ): Promise<{ subjectId: string | null; payload: Record<string, unknown> }> {
    const [[row]] = await this.db.query(
      `UPDATE one_time_code SET attempts = attempts + 1
        WHERE id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() AND attempts < $3
        RETURNING code_hash, subject_id, payload`,
      [id, purpose, MAX_CODE_ATTEMPTS],
    );
    if (!row) {
      const [why] = await this.db.query(`SELECT used_at, expires_at, attempts FROM one_time_code WHERE id = $1 AND purpose = $2`, [
        id,
        purpose,
      ]);
      if (!why) throw refuse('invalid', 'this code is not valid');
      if (why.used_at) throw refuse('used', 'this code was already used');
      if (why.expires_at <= new Date()) throw refuse('expired', 'this code has expired; ask for a new one', HttpStatus.GONE);
      throw refuse('tooManyAttempts', 'too many wrong codes; ask for a new one', HttpStatus.TOO_MANY_REQUESTS);
    }
    if (row.code_hash !== hash(id, code)) throw refuse('invalid', 'this code is not valid');
    const [, used] = await m.query(`UPDATE one_time_code SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [id]);
    if (used !== 1) throw refuse('used', 'this code was already used');
    return { subjectId: row.subject_id, payload: row.payload };
  }
}
