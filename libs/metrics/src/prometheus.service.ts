import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig, jobsFailedKey, QueueFactory, QUEUES, ReadReplica, REDIS, RedisThrottlerStorage, shed } from '@app/core';

/** What a scrape waits for Redis before leaving queue figures out (an outage must not fail /metrics). */
const SCRAPE_REDIS_TIMEOUT_MS = 1000;
const within = <T>(p: Promise<T>, ms = SCRAPE_REDIS_TIMEOUT_MS): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/**
 * Ops telemetry in Prometheus text: HTTP durations by route template and status, queue depths and
 * failures, outbox lag, the PostgreSQL pool. Labels never carry ids or personal data.
 */
@Injectable()
export class PrometheusService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: QueueFactory,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RedisThrottlerStorage) throttler: RedisThrottlerStorage,
    @Inject(REDIS) redis: Redis,
    @Inject(AppConfig) config: AppConfig,
    @Inject(ReadReplica) replica: ReadReplica,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const factory = this.queues;
    const redisUp = () => redis.status === 'ready';
    new Gauge({
      name: 'rate_limiter_degraded',
      help: '1 while rate limits are counted per API instance because Redis is unreachable',
      registers: [this.registry],
      collect() {
        this.set(throttler.degraded ? 1 : 0);
      },
    });
    new Counter({
      name: 'rate_limiter_fallback_requests_total',
      help: 'Requests rate-limited by the in-process fallback (Redis unreachable)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(throttler.fallbackRequests);
      },
    });
    new Counter({
      name: 'http_load_shed_total',
      help: 'Low-priority requests answered 503 because the API was over a load-shedding threshold',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(shed.count);
      },
    });
    new Counter({
      name: 'annex_jobs_failed_total',
      help: 'Jobs that failed for good (no retry left), per queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        if (!redisUp()) return;
        const counts = await within(redis.hgetall(jobsFailedKey(config.QUEUE_PREFIX))).catch(() => null);
        if (!counts) return;
        this.reset();
        for (const name of Object.values(QUEUES)) this.inc({ queue: name }, Number(counts[name] ?? 0));
      },
    });
    new Gauge({
      name: 'bullmq_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        if (!redisUp()) return;
        for (const name of Object.values(QUEUES)) {
          const counts = await within(factory.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')).catch(
            () => null,
          );
          if (!counts) return;
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        }
      },
    });
    const ds = this.db;
    new Gauge({
      name: 'db_replica_state',
      help: 'Where lag-tolerant reads go: 1 for the current state (none: no replica configured; up: on the replica; lagging, down: on the primary)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        for (const state of ['none', 'up', 'lagging', 'down']) this.set({ state }, replica.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'db_replica_lag_seconds',
      help: 'How long the read replica has been missing WAL the primary had (last measurement)',
      registers: [this.registry],
      collect() {
        this.set(replica.lagSeconds);
      },
    });
    new Counter({
      name: 'db_replica_reads_total',
      help: 'Lag-tolerant reads by the side that answered them',
      labelNames: ['source'],
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ source: 'replica' }, replica.served.replica);
        this.inc({ source: 'primary' }, replica.served.primary);
      },
    });
    new Gauge({
      name: 'outbox_pending_messages',
      help: 'Outbox rows not yet relayed to a queue',
      registers: [this.registry],
      async collect() {
        const [r] = await ds.query(`SELECT count(*)::int AS n FROM outbox_message WHERE relayed_at IS NULL`);
        this.set(r.n);
      },
    });
    new Gauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest outbox row not yet relayed',
      registers: [this.registry],
      async collect() {
        const [r] = await ds.query(
          `SELECT COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS s FROM outbox_message WHERE relayed_at IS NULL`,
        );
        this.set(r.s);
      },
    });
    new Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = (ds.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.();
    if (!fastify?.addHook) return;
    fastify.addHook('onResponse', async (req: any, reply: any) => {
      const route = req.routeOptions?.url ?? 'unmatched';
      this.http.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }
}
