import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobsOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueFactory } from '../redis/queues';
import { isOutboxTopic, OUTBOX_ROUTES } from './topics';

const BATCH = 500;
const IDLE_MS = 200;
const MAX_BACKOFF_MS = 5_000;
/** Redis unreachable: give up the batch (and its row locks) rather than hold the transaction open. */
export const RELAY_REDIS_TIMEOUT_MS = 5_000;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms).unref()),
  ]);

/**
 * The job id of an outbox row: stable, so relaying the same row twice adds one job. The row's
 * creation time makes it unique even if ids restart (a restored database, a test run).
 */
export const outboxJobId = (id: string | number, createdAt: Date) => `outbox-${id}-${createdAt.getTime()}`;

/** The outbox row id a job came from. */
export const outboxIdOf = (jobId: string): string | null => /^outbox-(\d+)-\d+$/.exec(jobId)?.[1] ?? null;

/**
 * Moves outbox rows into their BullMQ queues (worker side). Rows are locked with SKIP LOCKED, so
 * several workers relay in parallel without taking the same row; they are marked relayed in the
 * same transaction after the jobs were added. A crash in between leaves the rows unmarked: the
 * next pass adds them again under the same job ids, which BullMQ ignores. Redis down: the
 * transaction rolls back and the rows wait, with growing pauses between attempts.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(QueueFactory) private readonly queues: QueueFactory,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Relays one batch; returns how many rows it moved. */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows: { id: string; topic: string; payload: Record<string, unknown>; created_at: Date }[] = await m.query(
        `SELECT id, topic, payload, created_at FROM outbox_message WHERE relayed_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, { name: string; data: Record<string, unknown>; opts: JobsOptions }[]>();
      const unroutable: string[] = [];
      for (const r of rows) {
        const queue = isOutboxTopic(r.topic) ? OUTBOX_ROUTES[r.topic] : undefined;
        if (!queue) {
          unroutable.push(r.id);
          continue;
        }
        const jobs = byQueue.get(queue) ?? [];
        jobs.push({ name: r.topic, data: r.payload, opts: { jobId: outboxJobId(r.id, r.created_at) } });
        byQueue.set(queue, jobs);
      }
      for (const [queue, jobs] of byQueue) await withTimeout(this.queues.queue(queue as never).addBulk(jobs), RELAY_REDIS_TIMEOUT_MS);
      if (unroutable.length) this.logger.error(`outbox rows with no route (topics unknown): ${unroutable.join(', ')}`);
      await m.query(`UPDATE outbox_message SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id).filter((id) => !unroutable.includes(id)),
      ]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let backoff = IDLE_MS;
    while (this.running) {
      try {
        const moved = await this.relayOnce();
        backoff = IDLE_MS;
        if (moved === BATCH) continue;
      } catch (e) {
        this.logger.warn(`relay paused: ${(e as Error).message}`);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
      await new Promise((r) => setTimeout(r, backoff));
    }
  }
}
