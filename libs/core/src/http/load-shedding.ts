import underPressure from '@fastify/under-pressure';
import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';

/** The Fastify route-config key holding a route's priority. */
export const ROUTE_PRIORITY = 'priority';

/**
 * A route that may be refused first when the API is overloaded (dashboards, staff lists, exports,
 * metrics pages): under pressure it answers 503 with Retry-After, so tracking, submissions,
 * transitions and login keep the CPU. The priority lives on the route itself (Fastify's route
 * config), read by the one hook below: no list of URLs to keep in step.
 *
 * `{ staffOnly: true }`: a route citizens share with staff (GET /requests is a citizen's own
 * requests and the staff queue) is shed for staff only; a citizen's own page keeps answering.
 */
export const LowPriority = (o: { staffOnly?: boolean } = {}) => RouteConfig({ [ROUTE_PRIORITY]: o.staffOnly ? 'staff' : 'low' });

type Priority = 'low' | 'staff' | undefined;
const priorityOf = (config: unknown): Priority => (config as Record<string, unknown> | undefined)?.[ROUTE_PRIORITY] as Priority;

/** Whether a controller method carries @LowPriority() (the OpenAPI document adds its 503). */
export function isLowPriorityHandler(handler: object): boolean {
  return priorityOf(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler)) !== undefined;
}

/**
 * The hook runs before authentication, so a staff-only route reads the bearer token's `kind`
 * claim without checking its signature: a forged "citizen" claim only escapes shedding to be
 * refused (401) by the AuthGuard a moment later, at the cost of one HMAC.
 */
export function isLowPriority(req: FastifyRequest): boolean {
  const priority = priorityOf(req.routeOptions?.config);
  if (priority !== 'staff') return priority === 'low';
  return bearerKind(req.headers.authorization) !== 'citizen';
}

function bearerKind(header: string | undefined): unknown {
  const payload = header?.startsWith('Bearer ') ? header.slice(7).split('.')[1] : undefined;
  if (!payload) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { kind?: unknown }).kind;
  } catch {
    return undefined;
  }
}

const WHAT: Record<string, string> = {
  eventLoopDelay: 'event-loop delay',
  heapUsedBytes: 'heap in use',
  rssBytes: 'resident memory',
  eventLoopUtilization: 'event-loop utilisation',
  healthCheck: 'health check',
};

/**
 * @fastify/under-pressure measures event-loop delay, heap and RSS every LOAD_SHED_SAMPLE_MS; while
 * one is past its threshold, low-priority routes are shed and every other route (health included)
 * is served as usual. Shed answers are counted for /metrics.
 */
export async function installLoadShedding(fastify: FastifyInstance, config: AppConfig): Promise<void> {
  const mb = (n: number) => n * 1024 * 1024;
  await fastify.register(underPressure, {
    maxEventLoopDelay: config.LOAD_SHED_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: mb(config.LOAD_SHED_HEAP_MB),
    maxRssBytes: mb(config.LOAD_SHED_RSS_MB),
    sampleInterval: config.LOAD_SHED_SAMPLE_MS,
    retryAfter: config.LOAD_SHED_RETRY_AFTER_SECONDS,
    // Returning nothing lets the request go on; a sent reply ends it (Fastify skips the rest).
    pressureHandler: (req: FastifyRequest, reply: FastifyReply, type: string) => {
      if (!isLowPriority(req)) return;
      shed.count++;
      void reply
        .code(503)
        .header('retry-after', String(config.LOAD_SHED_RETRY_AFTER_SECONDS))
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(
          problem(503, 'overloaded', 'Service overloaded', {
            detail: `The server is overloaded (${WHAT[type] ?? type}): this page is deferred so that tracking, filings and decisions keep answering. Retry after ${config.LOAD_SHED_RETRY_AFTER_SECONDS} s.`,
            requestId: req.id,
          }),
        );
    },
  });
}

/** Low-priority answers refused since start (a Prometheus counter). */
export const shed = { count: 0 };
