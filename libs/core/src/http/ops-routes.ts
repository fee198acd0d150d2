import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { AppConfig } from '../config/app-config';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';

/** Operator routes: what the platform runs on and how (metrics, the API description). */
const OPS_PATH = /^\/(metrics|docs|docs-json|docs-yaml)(\/|$|\?)/;

export type OpsMode = 'public' | 'internal' | 'token';

export const opsMode = (c: Pick<AppConfig, 'OPS_ROUTES' | 'NODE_ENV'>): OpsMode =>
  c.OPS_ROUTES ?? (c.NODE_ENV === 'production' ? 'internal' : 'public');

function allowList(cidrs: string): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [net, bits] = cidr.split('/');
    const type = isIPv4(net) ? 'ipv4' : isIPv6(net) ? 'ipv6' : null;
    if (type) list.addSubnet(net, Number(bits ?? (type === 'ipv4' ? 32 : 128)), type);
  }
  return list;
}

/**
 * A Fastify onRequest hook closing /metrics, /docs and /docs-json per OPS_ROUTES: `internal`
 * lets an allow-listed network or the OPS_TOKEN bearer in, `token` the bearer only. Others get
 * a 404 problem, as for a route that does not exist.
 */
export function opsRoutesGuard(config: AppConfig) {
  const mode = opsMode(config);
  const networks = allowList(config.OPS_ALLOW_CIDRS);
  const token = config.OPS_TOKEN ? Buffer.from(`Bearer ${config.OPS_TOKEN}`) : null;
  const hasToken = (header: unknown) => {
    if (!token || typeof header !== 'string') return false;
    const given = Buffer.from(header);
    return given.length === token.length && timingSafeEqual(given, token);
  };
  const fromNetwork = (ip: string | undefined) => {
    if (!ip) return false;
    const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    return isIPv4(v4) ? networks.check(v4, 'ipv4') : isIPv6(ip) && networks.check(ip, 'ipv6');
  };
  return (req: { url: string; ip?: string; headers: Record<string, unknown> }, reply: any, done: () => void) => {
    if (mode === 'public' || !OPS_PATH.test(req.url)) return done();
    if (hasToken(req.headers.authorization) || (mode === 'internal' && fromNetwork(req.ip))) return done();
    const path = req.url.split('?')[0];
    reply
      .code(404)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem(404, 'not-found', 'Not found', { detail: `No route GET ${path}` }));
  };
}

/**
 * Authenticated answers, the sign-in routes' answers (tokens, second-factor challenges) and
 * certificate PDFs are never stored by a browser or proxy (kiosks and shared computers): a
 * Fastify onSend hook.
 */
export async function noStoreHook(
  req: { url?: string; headers: Record<string, unknown> },
  reply: { getHeader(n: string): unknown; header(n: string, v: string): unknown },
): Promise<void> {
  const type = String(reply.getHeader('content-type') ?? '');
  if (req.headers.authorization || type.startsWith('application/pdf') || req.url?.startsWith('/api/v1/auth/'))
    reply.header('cache-control', 'no-store');
}
