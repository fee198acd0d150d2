import { Controller, Get, Header, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public, QueueFactory, QUEUES } from '@app/core';

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
  ) {
    collectDefaultMetrics({ register: this.registry });
    const factory = this.queues;
    new Gauge({
      name: 'bullmq_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const name of Object.values(QUEUES)) {
          const counts = await factory.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        }
      },
    });
    const ds = this.db;
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
        const [r] = await ds.query(`SELECT COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS s FROM outbox_message WHERE relayed_at IS NULL`);
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

@ApiTags('metrics')
@Public()
@Controller('metrics')
export class PrometheusController {
  constructor(private readonly prometheus: PrometheusService) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format 0.0.4), unprefixed' })
  @ApiOkResponse({ description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.prometheus.registry.metrics();
  }
}
