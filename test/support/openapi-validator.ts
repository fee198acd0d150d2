import { appendFileSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** The body as the client reads it: JSON above a size is sent compressed. */
function decoded(body: Buffer, encoding: unknown): Buffer {
  if (!body.length) return body;
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ValidateFunction } from 'ajv';
import Ajv from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Every response the e2e suite receives is checked against openapi.yaml: its status must be
 * one the operation documents, and a JSON body must match the documented schema (ajv, strict
 * mode, JSON Schema 2020-12 as OpenAPI 3.1 uses). A drift is recorded and fails the file when its app closes (see createTestApp).
 */
type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Route {
  method: string;
  template: string;
  regex: RegExp;
  params: number;
  op: Operation;
}

export interface Drift {
  method: string;
  path: string;
  status: number;
  problem: string;
}

const SPEC_FILE = join(__dirname, '..', '..', 'openapi.yaml');
const MAX_BODY = 4 * 1024 * 1024;

/** `#/components/schemas/X` → a ref into the schema registered under the id `openapi`. */
function rewriteRefs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rewriteRefs);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', 'openapi#/$defs/') : rewriteRefs(x),
      ]),
    );
  }
  return v;
}

export class OpenApiValidator {
  readonly drifts: Drift[] = [];
  checked = 0;
  private readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(specFile = SPEC_FILE) {
    const spec = parse(readFileSync(specFile, 'utf8')) as {
      paths: Record<string, Record<string, Operation>>;
      components?: { schemas?: Record<string, Schema> };
    };
    this.ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(this.ajv);
    // OpenAPI 3.0 annotation keywords that are not JSON Schema's.
    for (const keyword of ['example', 'xml', 'externalDocs']) this.ajv.addKeyword(keyword);
    this.ajv.addSchema({ $id: 'openapi', $defs: rewriteRefs(spec.components?.schemas ?? {}) as Schema });
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op?.responses) continue;
        const names = template.match(/\{[^}]+\}/g) ?? [];
        const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
        this.routes.push({ method: method.toUpperCase(), template, regex, params: names.length, op });
      }
    }
    // A literal path wins over a template that would also match it (`/me/history` over `/me/{x}`).
    this.routes.sort((a, b) => a.params - b.params);
  }

  /** Wraps the server so that each response it writes is checked once it is finished. */
  attach(server: Server): void {
    const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.record(req, res);
      for (const l of listeners) l.call(server, req, res);
    });
  }

  private record(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_BODY) return;
      const type = String(res.getHeader('content-type') ?? '');
      if (!/json/.test(type)) return;
      const b = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += b.length;
      chunks.push(b);
    };
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    res.write = ((...a: unknown[]) => {
      keep(a[0], a[1]);
      return write(...a);
    }) as typeof res.write;
    res.end = ((...a: unknown[]) => {
      keep(a[0], a[1]);
      return end(...a);
    }) as typeof res.end;
    res.once('finish', () =>
      this.check(
        req.method ?? 'GET',
        (req.url ?? '/').split('?')[0],
        res.statusCode,
        String(res.getHeader('content-type') ?? ''),
        size > MAX_BODY ? undefined : decoded(Buffer.concat(chunks), res.getHeader('content-encoding')),
      ),
    );
  }

  check(method: string, path: string, status: number, contentType: string, body: Buffer | undefined): void {
    const route = this.routes.find((r) => r.method === (method === 'HEAD' ? 'GET' : method) && r.regex.test(path));
    if (!route) return; // not an API operation (SPA files, /docs, an unknown path's 404)
    this.checked++;
    const drift = (problem: string) => {
      this.drifts.push({ method, path: `${route.template}`, status, problem });
      if (process.env.OPENAPI_DRIFT_LOG)
        appendFileSync(process.env.OPENAPI_DRIFT_LOG, `${JSON.stringify({ method, template: route.template, path, status, problem })}\n`);
    };
    const response = route.op.responses[String(status)] ?? route.op.responses[`${String(status)[0]}XX`] ?? route.op.responses.default;
    if (!response) return drift(`status ${status} is not documented`);
    const mediaType = contentType.split(';')[0].trim();
    if (!body?.length || method === 'HEAD' || !/json/.test(mediaType)) return;
    const content = response.content?.[mediaType];
    if (!content) return drift(`${mediaType} body is not documented for ${status}`);
    if (!content.schema) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return drift('body is not JSON');
    }
    const key = `${method} ${route.template} ${status} ${mediaType}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      try {
        validate = this.ajv.compile(rewriteRefs(content.schema) as Schema);
      } catch (e) {
        return drift(`schema does not compile in strict mode: ${(e as Error).message}`);
      }
      this.compiled.set(key, validate);
    }
    if (!validate(parsed))
      drift(`body does not match the schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`);
  }

  /** One line per distinct drift, for the failure message. */
  summary(): string {
    const seen = new Map<string, number>();
    for (const d of this.drifts) {
      const k = `${d.method} ${d.path} → ${d.status}: ${d.problem}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    return [...seen].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k)).join('\n');
  }
}
