import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { bearer, createTestApp, TestApp } from '../support/app';
import { recreateDatabase } from '../support/databases';
import { TEST_DB_PREFIX } from '../support/env';
import { newCitizen } from '../support/factories';
import { apiKey, newPartner } from '../e2e/interop/helpers';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../e2e/requests/helpers';
import { Generator, Op, operations, rng, Schema, Spec } from './openapi-fuzz';

/**
 * Seeded, spec-driven fuzz over every operation of openapi.yaml as every kind of caller: valid
 * and mutated bodies, parameters and headers. Asserts no 5xx and every error in problem+json;
 * 2xx JSON bodies are checked against their documented schema (reported; enforced with
 * FUZZ_STRICT_SCHEMAS=1 until the spec's schemas are complete). Size: FUZZ_REQUESTS (2,000),
 * seed: FUZZ_SEED. It runs on a database of its own: it creates and changes data freely.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS || 2000);
const SEED = Number(process.env.FUZZ_SEED || 19);
const STRICT_SCHEMAS = process.env.FUZZ_STRICT_SCHEMAS === '1';
/** Open311 GeoReport v2 prescribes its own error body (`[{code, description}]`), which its clients parse. */
const OWN_ERROR_FORMAT = /^\/open311\//;
/** A server-sent event stream never ends; its own tests cover it. */
const SKIPPED = new Set(['Screen_stream']);

type Principal = { name: string; headers: Record<string, string> };

describe(`fuzz: every operation of openapi.yaml (${REQUESTS} requests, seed ${SEED})`, () => {
  let t: TestApp;
  const previousDb = process.env.DATABASE_URL!;
  const dbName = `${TEST_DB_PREFIX}_fuzz${process.env.JEST_WORKER_ID ?? 1}`;
  const spec = parse(readFileSync(join(__dirname, '../../openapi.yaml'), 'utf8')) as Spec;
  const principals: Principal[] = [];
  const known: { uuids: string[]; codes: string[] } = { uuids: [], codes: [] };

  beforeAll(async () => {
    process.env.DATABASE_URL = await recreateDatabase(previousDb, dbName, `${TEST_DB_PREFIX}_tpl`);
    t = await createTestApp();
    const c = await citizenWithTokens(t);
    const r = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const partner = await newPartner(t, ['dossiers:update', 'certificates:verify', 'webhooks:manage']);
    const other = await newCitizen(t.db);
    known.uuids.push(r.body.id, c.id, other.id, partner.id);
    known.codes.push(r.body.trackingCode, 'RESIDENCE', c.cin);
    principals.push(
      { name: 'anonymous', headers: {} },
      { name: 'citizen', headers: bearer(c.web) },
      { name: 'kiosk-citizen', headers: bearer(c.kiosk) },
      { name: 'reception', headers: bearer(await t.token('reception')) },
      { name: 'agent', headers: bearer(await t.token('agent1', undefined, 1)) },
      { name: 'supervisor', headers: bearer(await t.token('supervisor')) },
      { name: 'admin', headers: bearer(await t.token('admin')) },
      { name: 'kiosk', headers: bearer(await t.token('kiosk')) },
      { name: 'display', headers: bearer(await t.token('display')) },
      { name: 'partner', headers: apiKey(partner.apiKey) },
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    process.env.DATABASE_URL = previousDb;
    await recreateDatabase(previousDb, dbName).catch(() => undefined);
  });

  it('answers every generated request below 500, every error as problem+json', async () => {
    const random = rng(SEED);
    const g = new Generator(spec, random);
    const ops = operations(spec).filter((o) => !SKIPPED.has(o.op.operationId));
    const validators = responseValidators(spec);
    const failures: string[] = [];
    const schemaMismatches = new Map<string, string>();
    const statuses = new Map<number, number>();
    const seen = new Set<string>();

    for (let i = 0; i < REQUESTS; i++) {
      const o = ops[i % ops.length];
      const who = principals[Math.floor(i / ops.length) % principals.length];
      const req = build(g, o, who, known);
      seen.add(`${o.op.operationId}:${who.name}`);
      let res;
      try {
        let call = (t.http as any)[o.method](req.url).set(req.headers);
        if (req.body !== undefined) {
          if (!Object.keys(req.headers).some((h) => h.toLowerCase() === 'content-type'))
            call = call.set('content-type', 'application/json');
          call = call.send(typeof req.body === 'string' ? req.body : (JSON.stringify(req.body) ?? 'null'));
        }
        res = await call.timeout({ deadline: 30_000 });
      } catch (e) {
        failures.push(`#${i} ${req.label}: no answer (${(e as Error).message.slice(0, 200)})`);
        continue;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const type = String(res.headers['content-type'] ?? '');
      if (res.status >= 500) {
        failures.push(`#${i} ${req.label} → ${res.status} ${String(res.text).slice(0, 200)}`);
      } else if (res.status >= 400 && !OWN_ERROR_FORMAT.test(o.path)) {
        const b = res.body ?? {};
        if (
          !type.startsWith('application/problem+json') ||
          b.status !== res.status ||
          typeof b.type !== 'string' ||
          typeof b.title !== 'string'
        ) {
          failures.push(`#${i} ${req.label} → ${res.status} not problem+json (${type}): ${String(res.text).slice(0, 200)}`);
        }
      } else if (res.status < 300 && type.startsWith('application/json')) {
        const validate = validators.get(`${o.op.operationId}:${res.status}`);
        if (validate && !validate(res.body)) {
          const key = `${o.op.operationId} ${res.status}`;
          if (!schemaMismatches.has(key)) schemaMismatches.set(key, JSON.stringify(validate.errors?.slice(0, 2)));
        }
      }
    }

    process.stdout.write(
      `fuzz: ${REQUESTS} requests, ${ops.length} operations x ${principals.length} principals (${seen.size} pairs), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ` +
        `${schemaMismatches.size} operations with a 2xx body off its schema\n`,
    );
    if (schemaMismatches.size) process.stdout.write([...schemaMismatches].map(([k, v]) => `  schema: ${k}: ${v}`).join('\n') + '\n');
    expect(failures).toEqual([]);
    expect(seen.size).toBe(Math.min(REQUESTS, ops.length * principals.length));
    if (STRICT_SCHEMAS) expect([...schemaMismatches.keys()]).toEqual([]);
  }, 600_000);
});

interface Built {
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  label: string;
}

const encode = (v: unknown): string => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: invalid UTF-8 on the wire
  }
};

function build(g: Generator, o: Op, who: Principal, known: { uuids: string[]; codes: string[] }): Built {
  const r = g.random();
  const mutation = r < 0.25 ? 'valid' : r < 0.5 ? 'body' : r < 0.65 ? 'path' : r < 0.78 ? 'query' : r < 0.88 ? 'raw' : 'headers';
  const params = o.op.parameters ?? [];
  let path = o.path;
  for (const p of params.filter((x) => x.in === 'path')) {
    const s = g.resolve(p.schema);
    let v: unknown =
      s.format === 'uuid' || /id$/i.test(p.name)
        ? g.random() < 0.5
          ? g.pick(known.uuids)
          : g.uuid()
        : g.random() < 0.5
          ? g.pick(known.codes)
          : g.valid(s);
    if (mutation === 'path' && g.random() < 0.7) v = g.hostileValue();
    path = path.replace(`{${p.name}}`, encode(v));
  }
  const query: string[] = [];
  for (const p of params.filter((x) => x.in === 'query')) {
    if (!p.required && g.random() < 0.5) continue;
    const v = mutation === 'query' && g.random() < 0.6 ? g.hostileValue() : g.valid(p.schema);
    query.push(`${encodeURIComponent(p.name)}=${encode(v)}`);
    if (mutation === 'query' && g.random() < 0.2) query.push(`${encodeURIComponent(p.name)}=${encode(g.hostileValue())}`); // repeated
  }
  if (mutation === 'query' && g.random() < 0.3)
    query.push(`${encode(g.pick(['unknown', 'a\u0000', '__proto__[x]', 'q[$ne]']))}=${encode(g.hostileValue())}`);
  const headers: Record<string, string> = { ...who.headers };
  for (const p of params.filter((x) => x.in === 'header')) {
    if (p.required || g.random() < 0.5) headers[p.name] = p.name.toLowerCase() === 'idempotency-key' ? g.uuid() : 'fuzz reason';
  }
  let body: unknown;
  const json = o.op.requestBody?.content?.['application/json'];
  if (o.op.requestBody) {
    body = json ? g.valid(json.schema) : { file: 'not a file' };
    if (!json) headers['content-type'] = g.pick(['application/json', 'multipart/form-data', 'multipart/form-data; boundary=x']);
    if (mutation === 'body') body = g.mutate(body);
  } else if (mutation === 'body' && o.method !== 'get' && g.random() < 0.5) {
    body = g.mutate({});
  }
  if (mutation === 'raw' && o.method !== 'get') {
    const raw = g.pick(['deep', 'invalid', 'scalar', 'proto', 'type']);
    headers['content-type'] =
      raw === 'type'
        ? g.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'])
        : 'application/json';
    body =
      raw === 'deep'
        ? g.deepJson()
        : raw === 'invalid'
          ? g.pick(['{"a":', '{', "{'a':1}", '\u0000', '{"a":1}}'])
          : raw === 'scalar'
            ? g.pick(['null', '1', '"s"', '[]', 'true'])
            : raw === 'proto'
              ? g.pick(['{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}'])
              : 'a=1&b=%00';
  }
  if (mutation === 'headers') {
    const h = g.pick(['authorization', 'idempotency-key', 'accept-language', 'x-request-id', 'x-access-reason', 'content-type', 'accept']);
    // Only what an HTTP client can put on the wire: Node refuses control characters in headers.
    headers[h] = g.pick([
      'Bearer x.y.z',
      'ApiKey ak_nope',
      'Basic Zm9vOmJhcg==',
      'Bearer ' + 'a'.repeat(5000),
      '{{7*7}}',
      "' OR 1=1 --",
      'x'.repeat(8000),
      'Ã©tÃ©',
      '*/*;q=bad',
      '',
    ]);
  }
  const url = path + (query.length ? `?${query.join('&')}` : '');
  return { url, headers, body, label: `${o.method.toUpperCase()} ${url.slice(0, 160)} as ${who.name} [${mutation}]` };
}

/** One ajv validator per operation and 2xx status with a JSON schema in the spec. */
function responseValidators(spec: Spec): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  const rewrite = (s: unknown): unknown =>
    Array.isArray(s)
      ? s.map(rewrite)
      : s && typeof s === 'object'
        ? Object.fromEntries(
            Object.entries(s).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#/, 'spec#') : rewrite(v)]),
          )
        : s;
  ajv.addSchema({ $id: 'spec', components: rewrite(spec.components ?? {}) as Schema });
  const out = new Map<string, ValidateFunction>();
  for (const o of operations(spec)) {
    for (const [status, r] of Object.entries(o.op.responses ?? {})) {
      const schema = r.content?.['application/json']?.schema;
      if (!schema || !/^2\d\d$/.test(status)) continue;
      try {
        out.set(`${o.op.operationId}:${status}`, ajv.compile(rewrite(schema) as Schema));
      } catch {
        // a schema ajv cannot compile is itself a spec defect, reported by the spec's own checks
      }
    }
  }
  return out;
}
