import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { authenticator } from 'otplib';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Conflict, DomainError, InvalidInput, Role, Unauthorized } from '@app/core';
import { LoginThrottle } from './login-throttle';

/** Roles whose accounts must have a second factor before they reach anything but its setup. */
export const SECOND_FACTOR_REQUIRED: readonly Role[] = ['admin', 'supervisor'];
export const secondFactorRequired = (role: Role) => SECOND_FACTOR_REQUIRED.includes(role);

/** RFC 6238 with the authenticator apps' defaults (SHA-1, 6 digits, 30 s); one step of clock drift either way. */
const totp = authenticator.clone({ window: 1 });
const ISSUER = 'Annexe administrative';
const RECOVERY_CODES = 10;
/** Wrong codes an account may send before each further try waits (the login throttle's doubling). */
const FREE_CODE_FAILURES = 5;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Recovery codes are compared without dashes, spaces or case. */
const normalizeRecovery = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

/** The key TOTP secrets are encrypted with at rest (derived from JWT_SECRET). */
const sealingKey = (jwtSecret: string) => createHmac('sha256', jwtSecret).update('staff-totp-secret').digest();

/** A TOTP secret as stored (AES-256-GCM); exported for the test factories that enrol accounts. */
export function sealTotpSecret(jwtSecret: string, secret: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', sealingKey(jwtSecret), iv);
  const body = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
}

function openTotpSecret(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

export class SecondFactorWrong extends DomainError {
  constructor(detail = 'Wrong or already used code') {
    super(HttpStatus.UNAUTHORIZED, 'second-factor-wrong', 'Second factor refused', detail);
  }
}

export interface SecondFactorStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

/**
 * The staff second factor: TOTP secrets (encrypted at rest with a key derived from JWT_SECRET),
 * replay refusal (a code's time step is accepted once: the last step only moves forward),
 * single-use recovery codes kept as hashes, and a record of each enrolment, reset and
 * recovery-code use. Wrong codes are throttled per account with the sign-in throttle.
 */
@Injectable()
export class SecondFactor {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly throttle: LoginThrottle,
    private readonly config: AppConfig,
  ) {
    this.key = sealingKey(config.JWT_SECRET);
  }

  async status(staffId: string, role: Role): Promise<SecondFactorStatus> {
    const [row] = await this.db.query(
      `SELECT t.confirmed_at IS NOT NULL AS enabled,
              (SELECT count(*)::int FROM staff_recovery_code r WHERE r.staff_id = $1 AND r.used_at IS NULL) AS left
         FROM (SELECT 1) one LEFT JOIN staff_totp t ON t.staff_id = $1`,
      [staffId],
    );
    return { enabled: !!row?.enabled, required: secondFactorRequired(role), recoveryCodesLeft: row?.enabled ? row.left : 0 };
  }

  async enabled(staffId: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT 1 FROM staff_totp WHERE staff_id = $1 AND confirmed_at IS NOT NULL`, [staffId]);
    return !!row;
  }

  /** A new (pending) secret for the caller; an enabled one must be reset by an admin first. */
  async begin(staffId: string): Promise<{ secret: string; otpauthUri: string }> {
    const [{ username }] = await this.db.query(`SELECT username FROM staff WHERE id = $1`, [staffId]);
    if (await this.enabled(staffId))
      throw new Conflict('second-factor-enabled', 'A second factor is already set up', 'An admin can reset it');
    const secret = totp.generateSecret(20);
    await this.db.query(
      `INSERT INTO staff_totp (staff_id, secret) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET secret = EXCLUDED.secret, last_step = NULL, created_at = now()`,
      [staffId, this.seal(secret)],
    );
    return { secret, otpauthUri: totp.keyuri(username, ISSUER, secret) };
  }

  /** Confirms the pending secret with a code from the app; answers the recovery codes, shown once. */
  async confirm(staffId: string, code: string): Promise<string[]> {
    const [row] = await this.db.query(`SELECT secret, confirmed_at FROM staff_totp WHERE staff_id = $1`, [staffId]);
    if (!row) throw new Conflict('second-factor-not-started', 'No second factor is being set up', 'Start with POST /me/mfa/totp');
    if (row.confirmed_at) throw new Conflict('second-factor-enabled', 'A second factor is already set up');
    const step = this.stepOf(code, this.open(row.secret));
    if (step === null)
      throw new InvalidInput([{ field: 'code', reason: 'wrong', message: "code does not match the secret (check the phone's clock)" }]);
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(8).toString('hex');
      return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
    });
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE staff_totp SET confirmed_at = now(), last_step = $2 WHERE staff_id = $1`, [staffId, step]);
      await m.query(`DELETE FROM staff_recovery_code WHERE staff_id = $1`, [staffId]);
      await m.query(`INSERT INTO staff_recovery_code (staff_id, code_hash) SELECT $1, unnest($2::text[])`, [
        staffId,
        codes.map((c) => sha256(normalizeRecovery(c))),
      ]);
      await this.record(m, staffId, 'totp-enrolled', staffId);
    });
    return codes;
  }

  /** Checks a sign-in's second factor: a fresh TOTP code, or an unused recovery code (spent). */
  async verify(staffId: string, proof: { code?: string; recoveryCode?: string }): Promise<void> {
    const keys = [{ key: sha256(`second-factor:${staffId}`), free: FREE_CODE_FAILURES }];
    await this.throttle.check(keys);
    let ok = false;
    if (proof.recoveryCode) {
      ok = await this.db.transaction(async (m) => {
        const [rows] = await m.query(
          `UPDATE staff_recovery_code SET used_at = now() WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
          [staffId, sha256(normalizeRecovery(proof.recoveryCode!))],
        );
        if (rows.length) await this.record(m, staffId, 'recovery-code-used', staffId);
        return rows.length === 1;
      });
    } else if (proof.code) {
      const [row] = await this.db.query(`SELECT secret FROM staff_totp WHERE staff_id = $1 AND confirmed_at IS NOT NULL`, [staffId]);
      const step = row ? this.stepOf(proof.code, this.open(row.secret)) : null;
      if (step !== null) {
        // Atomic: of two uses of one code (or an older one), only the first moves the step on.
        const [rows] = await this.db.query(
          `UPDATE staff_totp SET last_step = $2 WHERE staff_id = $1 AND (last_step IS NULL OR last_step < $2) RETURNING staff_id`,
          [staffId, step],
        );
        ok = rows.length === 1;
      }
    }
    if (!ok) {
      await this.throttle.fail(keys);
      throw new SecondFactorWrong();
    }
    await this.throttle.succeeded(keys);
  }

  /** An admin's reset (a lost phone): the secret and recovery codes go, the account's sessions end. */
  async reset(staffId: string, actorId: string, m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM staff_totp WHERE staff_id = $1`, [staffId]);
    await m.query(`DELETE FROM staff_recovery_code WHERE staff_id = $1`, [staffId]);
    await this.record(m, staffId, 'totp-reset', actorId);
  }

  /** The time step `code` belongs to (current ± 1), or null. */
  private stepOf(code: string, secret: string): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const delta = totp.checkDelta(code, secret);
    return delta === null ? null : Math.floor(Date.now() / 1000 / 30) + delta;
  }

  private async record(
    m: EntityManager,
    staffId: string,
    kind: 'totp-enrolled' | 'totp-reset' | 'recovery-code-used',
    actorId: string,
  ): Promise<void> {
    await m.query(`INSERT INTO staff_security_event (staff_id, kind, actor_id) VALUES ($1, $2, $3)`, [staffId, kind, actorId]);
  }

  private seal(secret: string): string {
    return sealTotpSecret(this.config.JWT_SECRET, secret);
  }

  private open(sealed: string): string {
    return openTotpSecret(this.key, sealed);
  }
}

/** Unauthorized answer for a bad or expired sign-in challenge. */
export const challengeRefused = () => new Unauthorized('Sign-in challenge unknown or expired: sign in again');
