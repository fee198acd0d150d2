import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { DataSource } from 'typeorm';
import { sealTotpSecret } from '../../libs/accounts/src/auth/second-factor';
import { TEST_JWT_SECRET } from './env';

/**
 * The authenticator app of the test and demo-in-tests accounts: admin and supervisor must use a
 * second factor, so the test databases enrol them (and the factories' admins and supervisors)
 * with this secret, and the sign-in helpers compute its codes as a phone would.
 */
export const TEST_TOTP_SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';

/** The code the app shows at `at` (ms). */
export const totpCode = (secret = TEST_TOTP_SECRET, at = Date.now()) => authenticator.clone({ epoch: at }).generate(secret);

/** Enrols a staff account with `secret` (as a confirmed setup would, without recovery codes). */
export async function enrolSecondFactor(
  db: Pick<DataSource, 'query'>,
  staffId: string,
  secret = TEST_TOTP_SECRET,
  jwtSecret = process.env.JWT_SECRET || TEST_JWT_SECRET,
): Promise<void> {
  await db.query(
    `INSERT INTO staff_totp (staff_id, secret, confirmed_at) VALUES ($1, $2, now())
     ON CONFLICT (staff_id) DO UPDATE SET secret = EXCLUDED.secret, confirmed_at = now(), last_step = NULL`,
    [staffId, sealTotpSecret(jwtSecret, secret)],
  );
}

/** The demo accounts whose role requires a second factor, enrolled in a test database. */
export async function enrolDemoSecondFactors(db: Pick<DataSource, 'query'>, jwtSecret?: string): Promise<void> {
  const rows: { id: string }[] = await db.query(`SELECT id FROM staff WHERE role IN ('admin', 'supervisor')`);
  for (const r of rows) await enrolSecondFactor(db, r.id, TEST_TOTP_SECRET, jwtSecret);
}

type Post = (path: string, body: unknown) => Promise<{ status: number; body: any }>;

/**
 * Signs in as a person at one device would: the password, then, if asked, a code of the app.
 * The device token is kept in a file per database and login, so the next test file signing in
 * from "this device" is not asked again (a code is accepted once: two sign-ins within one
 * 30-second step from new devices would need the next step's code).
 */
const deviceFile = (scope: string, login: string) =>
  join(tmpdir(), `annex-device-${createHash('sha256').update(`${scope}|${login.toLowerCase()}`).digest('hex').slice(0, 24)}`);

/** The device token kept by signInAsDevice for this scope and login, if any. */
export function deviceTokenFor(scope: string, login: string): string | undefined {
  const file = deviceFile(scope, login);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

export async function signInAsDevice(
  post: Post,
  scope: string,
  body: { login: string; password: string; counter?: number },
  secret = TEST_TOTP_SECRET,
): Promise<{ status: number; body: any }> {
  const file = deviceFile(scope, body.login);
  const saved = deviceTokenFor(scope, body.login);
  const first = await post('/api/v1/auth/login', { ...body, ...(saved ? { deviceToken: saved } : {}) });
  if (first.body?.deviceToken && first.body.deviceToken !== saved) writeFileSync(file, first.body.deviceToken);
  if (first.status !== 202) return first;
  let last = first;
  for (const ahead of [0, 30_000]) {
    last = await post('/api/v1/auth/login/second-factor', { challenge: first.body.challenge, code: totpCode(secret, Date.now() + ahead) });
    if (last.status !== 401) return last;
  }
  return last;
}
