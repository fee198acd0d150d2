import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GUARD_ROLE_REFUSAL, GUARD_SCOPE_REFUSAL } from '../../../libs/core/src/auth/auth.guard';
import { passesGuard, PERMISSIONS } from '../../../libs/core/src/auth/permissions';
import { Role } from '../../../libs/core/src/auth/principal';
import { PARTNER_SCOPES } from '../../../libs/interop/src/partners/api-keys';
import { createTestApp, TestApp } from '../../support/app';
import { newCitizen, newStaff } from '../../support/factories';
import { README, readmeWithPermissions } from '../../../scripts/permissions-readme';
import { newPartner } from '../interop/helpers';
import { otherAnnexId } from './helpers';

/**
 * Every operation of openapi.yaml × every kind of caller, against the permissions table: the
 * allowed pass the guard (whatever the use case then answers to made-up ids and empty bodies),
 * anonymous callers of a closed route get 401 and every other caller the guard's 403.
 */
describe('Permissions: every operation × every principal', () => {
  let t: TestApp;
  let base: string;
  const principals: { name: string; role?: Role; scopes?: string[]; auth?: string }[] = [];
  const spec = parse(readFileSync(join(__dirname, '../../../openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );

  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bearer = (token: string) => `Bearer ${token}`;
    const other = await otherAnnexId(t.db);
    const citizens = [await newCitizen(t.db), await newCitizen(t.db)];
    const otherAdmin = await newStaff(t.db, 'admin');
    await t.db.query(`UPDATE staff SET annex_id = $2 WHERE id = $1`, [otherAdmin.id, other]);
    principals.push(
      { name: 'anonymous' },
      ...(await Promise.all(
        citizens.map(async (c, i) => ({
          name: `citizen ${i + 1}`,
          role: 'citizen' as Role,
          auth: bearer(await t.token(c.cin, c.password)),
        })),
      )),
      { name: 'reception', role: 'reception', auth: bearer(await t.token('reception')) },
      { name: 'agent at counter 1', role: 'agent', auth: bearer(await t.token('agent1', undefined, 1)) },
      { name: 'agent without counter', role: 'agent', auth: bearer(await t.token('agent1')) },
      { name: 'second agent', role: 'agent', auth: bearer(await t.token('agent2', undefined, 2)) },
      { name: 'supervisor', role: 'supervisor', auth: bearer(await t.token('supervisor')) },
      { name: 'admin', role: 'admin', auth: bearer(await t.token('admin')) },
      { name: 'admin of another annex', role: 'admin', auth: bearer(await t.token(otherAdmin.username)) },
      { name: 'kiosk', role: 'kiosk', auth: bearer(await t.token('kiosk')) },
      { name: 'display', role: 'display', auth: bearer(await t.token('display')) },
    );
    for (const scope of PARTNER_SCOPES) {
      principals.push({
        name: `partner ${scope}`,
        role: 'partner',
        scopes: [scope],
        auth: `ApiKey ${(await newPartner(t, [scope])).apiKey}`,
      });
    }
    const elsewhere = await newPartner(t, [...PARTNER_SCOPES], { annexId: other, agencyCode: 'PROVINCE' });
    principals.push({
      name: 'partner of another annex and agency',
      role: 'partner',
      scopes: [...PARTNER_SCOPES],
      auth: `ApiKey ${elsewhere.apiKey}`,
    });
  });
  afterAll(() => t?.close());

  const PARAMS: Record<string, string> = {
    code: 'NOPE',
    number: 'BRK5-2026-C-999999',
    trackingCode: 'BRK5-1999-999999',
    counter: '1',
    file: 'none.json',
  };
  const url = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? randomUUID());

  /** Status, and the problem's detail for a 403; a streaming answer is cut once its headers arrive. */
  function call(method: string, path: string, auth?: string): Promise<{ status: number; detail?: string }> {
    return new Promise((resolve, reject) => {
      const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
      const req = httpRequest(
        `${base}${url(path)}`,
        { method, headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          if (res.statusCode !== 403) {
            resolve({ status: res.statusCode! });
            return res.destroy();
          }
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: 403, detail: JSON.parse(text || '{}').detail }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('has one entry for every operation of openapi.yaml, and none for operations that do not exist', () => {
    expect(operations.filter((op) => !PERMISSIONS[op])).toEqual([]);
    expect(Object.keys(PERMISSIONS).filter((op) => !operations.includes(op))).toEqual([]);
  });

  it("lets exactly the table's callers past the guard", async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const entry = PERMISSIONS[op];
      if (!entry) continue;
      const [method, path] = op.split(' ');
      for (const p of principals) {
        const res = await call(method, path, p.auth);
        // A public route's own 401 (the screen stream reads its token itself) is not the guard's.
        const refusedByGuard =
          entry.who !== 'public' &&
          (res.status === 401 || (res.status === 403 && [GUARD_ROLE_REFUSAL, GUARD_SCOPE_REFUSAL].some((d) => res.detail?.startsWith(d))));
        const allowed = passesGuard(entry, p.role, p.scopes);
        if (allowed && refusedByGuard) wrong.push(`${op} refused ${p.name} (${res.status})`);
        if (!allowed && !(p.auth ? res.status === 403 && refusedByGuard : res.status === 401))
          wrong.push(`${op} let ${p.name} through (${res.status})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('README security section', () => {
  it('is the table as it stands (run `npm run permissions:readme`)', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).toBe(readmeWithPermissions(text));
  });
});
