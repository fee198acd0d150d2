import { createHash, randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, DomainError } from '@app/core';

/** Failures a login name may have before each further try waits (30 s, doubling, up to MAX_WAIT_S). */
export const LOGIN_FREE_FAILURES = 5;
const MAX_WAIT_S = 900;
/** The wait after the last free failure, doubling with each further one. */
const FIRST_WAIT_S = 30;
/** A device that passed the second factor is not asked for it again for this long. */
const SECOND_FACTOR_TRUST = '30 days';
/** A quiet hour forgets the failures. */
const FORGET_AFTER = '1 hour';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class LoginThrottled extends DomainError {
  constructor(retryAfter: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'login-throttled',
      'Too many sign-in attempts',
      `Try again in ${retryAfter} s, or sign in from a device you used before`,
      undefined,
      {
        retryAfter,
      },
    );
  }
}

/**
 * Slows password guessing without handing anyone a way to lock an account: failures count per
 * login name as typed (so an unknown name gets exactly the answers a known one gets) and per
 * address, and a device that signed in before (its token) is never held back. No account is locked.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  keys(login: string, ip: string | undefined): { key: string; free: number }[] {
    return [
      { key: sha256(`login:${login.trim().toLowerCase()}`), free: LOGIN_FREE_FAILURES },
      ...(ip ? [{ key: sha256(`ip:${ip}`), free: this.config.LOGIN_FAILURES_PER_IP }] : []),
    ];
  }

  async check(keys: { key: string }[]): Promise<void> {
    const [row] = await this.db.query(
      `SELECT ceil(extract(epoch FROM max(blocked_until) - now()))::int AS wait FROM login_throttle
        WHERE key = ANY($1) AND blocked_until > now() AND updated_at > now() - interval '${FORGET_AFTER}'`,
      [keys.map((k) => k.key)],
    );
    if (row?.wait > 0) throw new LoginThrottled(row.wait);
  }

  async fail(keys: { key: string; free: number }[]): Promise<void> {
    for (const k of keys) {
      await this.db.query(
        `INSERT INTO login_throttle AS t (key, failures, updated_at) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.updated_at < now() - interval '${FORGET_AFTER}' THEN 1 ELSE t.failures + 1 END,
           blocked_until = CASE WHEN t.updated_at >= now() - interval '${FORGET_AFTER}' AND t.failures + 1 >= $2
                                THEN now() + make_interval(secs => LEAST($3, $4 * power(2, t.failures + 1 - $2)))
                                ELSE NULL END,
           updated_at = now()`,
        [k.key, k.free, MAX_WAIT_S, FIRST_WAIT_S],
      );
    }
  }

  /** A correct sign-in clears its login name's count (not the address's). */
  async succeeded(keys: { key: string }[]): Promise<void> {
    await this.db.query(`DELETE FROM login_throttle WHERE key = $1`, [keys[0].key]);
  }

  /** Whether `token` is a device this account signed in from before. */
  async knownDevice(subjectId: string, token: string | undefined): Promise<boolean> {
    if (!token) return false;
    const [[row]] = await this.db.query(
      `UPDATE known_device SET last_seen_at = now() WHERE token_hash = $1 AND subject_id = $2 RETURNING id`,
      [sha256(token), subjectId],
    );
    return !!row;
  }

  /** Whether this known device passed the account's second factor within SECOND_FACTOR_TRUST. */
  async passedSecondFactor(subjectId: string, token: string): Promise<boolean> {
    const [row] = await this.db.query(
      `SELECT 1 FROM known_device WHERE token_hash = $1 AND subject_id = $2 AND second_factor_at > now() - interval '${SECOND_FACTOR_TRUST}'`,
      [sha256(token), subjectId],
    );
    return !!row;
  }

  /** The device (by its token's hash) just passed the second factor. */
  async trustForSecondFactor(subjectId: string, tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE known_device SET second_factor_at = now() WHERE token_hash = $1 AND subject_id = $2`, [
      tokenHash,
      subjectId,
    ]);
  }

  /** A new device token for an account that just signed in (only its hash is kept). */
  async rememberDevice(subjectId: string, kind: 'citizen' | 'staff'): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(`INSERT INTO known_device (subject_id, subject_kind, token_hash) VALUES ($1, $2, $3)`, [
      subjectId,
      kind,
      sha256(token),
    ]);
    return token;
  }
}
