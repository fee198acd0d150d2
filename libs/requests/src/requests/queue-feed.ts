import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig, LiveBus } from '@app/core';

/** The live bus topic of the agents' queues. */
export const QUEUE_TOPIC = 'queue';
/** The PostgreSQL channel the `queue_changed` trigger notifies at each commit. */
export const QUEUE_CHANNEL = 'request_queue';

/** What a queue change says: which request, and the annex's queue version after it. */
export interface QueueChange {
  requestId: string;
  version: number;
}

/**
 * Relays the queue changes PostgreSQL announces (LISTEN request_queue; the trigger notifies at
 * commit, whichever process made the change) to the live bus, so the API instances' streams get
 * them through Redis as the display screen's events. Runs in the worker. On (re)connecting it
 * may have missed changes: it tells every stream to reload. Several workers relay the same
 * change; streams drop what they already sent by its version.
 */
@Injectable()
export class QueueFeedRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('QueueFeedRelay');
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly bus: LiveBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    // LISTEN needs a session of its own: straight to PostgreSQL where DATABASE_URL is a transaction-mode pooler.
    const client = new Client({ connectionString: this.config.DATABASE_LISTEN_URL ?? this.config.DATABASE_URL });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.client === client && !this.stopped) this.later();
    });
    client.on('notification', (n) => {
      if (n.channel !== QUEUE_CHANNEL || !n.payload) return;
      const { annexId, requestId, version } = JSON.parse(n.payload) as { annexId: string; requestId: string; version: number };
      void this.bus.publish(QUEUE_TOPIC, { type: 'request.changed', annexId, data: { requestId, version } satisfies QueueChange });
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${QUEUE_CHANNEL}`);
      this.client = client;
      await this.bus.publish(QUEUE_TOPIC, { type: 'resync', annexId: null, data: {} });
    } catch (e) {
      this.logger.warn(`cannot listen for queue changes (${(e as Error).message}); retrying`);
      await client.end().catch(() => undefined);
      this.later();
    }
  }

  private later(): void {
    this.client = undefined;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), 2_000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}
