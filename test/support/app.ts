import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { DEMO_DEFAULT_PASSWORD } from '../../scripts/seed-demo';
import { OpenApiValidator } from './openapi-validator';
import { signInAsDevice } from './second-factor';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || DEMO_DEFAULT_PASSWORD;

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  db: DataSource;
  /** Signs in (staff username, CIN or phone) and returns the access token. */
  token(login: string, password?: string, counter?: number): Promise<string>;
  /** Checks every response against openapi.yaml; close() fails when one drifted. */
  openapi: OpenApiValidator;
  close(): Promise<void>;
}

/** The whole API as production builds it, on this worker's real PostgreSQL and Redis. */
export async function createTestApp(): Promise<TestApp> {
  const app = await createApiApp();
  // Files share their jest worker's database, and most run no worker: the outbox rows they leave
  // would be a backlog for the next file that starts one (its webhook or notification waited
  // behind hundreds of earlier events under load). Each file starts with the outbox settled.
  await app.get(DataSource).query(`UPDATE outbox_message SET relayed_at = now() WHERE relayed_at IS NULL`);
  const openapi = new OpenApiValidator();
  openapi.attach(app.getHttpServer());
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    db: app.get(DataSource),
    async token(login, password = DEMO_PASSWORD, counter) {
      const key = `${login}:${password}:${counter ?? ''}`;
      const cached = tokens.get(key);
      if (cached) return cached;
      const post = async (path: string, body: unknown) => {
        const r = await http.post(path).send(body as object);
        return { status: r.status, body: r.body };
      };
      const res = await signInAsDevice(post, process.env.DATABASE_URL ?? '', { login, password, ...(counter ? { counter } : {}) });
      if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(key, res.body.accessToken);
      return res.body.accessToken as string;
    },
    openapi,
    async close() {
      await app.close();
      if (openapi.drifts.length)
        throw new Error(`${openapi.drifts.length} of ${openapi.checked} responses differ from openapi.yaml:\n${openapi.summary()}`);
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Polls until `check` returns a truthy value (workers are asynchronous; never sleep blindly). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * An access token with hand-made claims (a province-wide admin, a citizen at the kiosk) that the
 * API accepts: it belongs to a live session, as every token the API issues does.
 */
export async function sessionToken(
  t: Pick<TestApp, 'app' | 'db'>,
  claims: { sub: string; kind: 'citizen' | 'staff'; role: string; annexId: string | null; counter?: number | null; channel?: string },
): Promise<string> {
  const sid = randomUUID();
  await t.db.query(
    `INSERT INTO refresh_token (family_id, subject_id, subject_kind, token_hash, expires_at) VALUES ($1, $2, $3, $4, now() + interval '1 day')`,
    [sid, claims.sub, claims.kind, randomBytes(32).toString('hex')],
  );
  return t.app.get(JwtService).signAsync({ counter: null, ...claims, sid });
}
