import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig, REDIS } from '@app/core';

export interface ScreenEvent {
  type: 'ticket.called' | 'signage.changed';
  annexId: string;
  data: Record<string, unknown>;
}

/**
 * Screen events through Redis pub/sub, so a ticket called on one API instance shows on screens
 * connected to any other; each process holds one subscription and fans out in memory.
 */
@Injectable()
export class ScreenBus implements OnModuleDestroy {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private subscriber?: Redis;
  private readonly channel: string;
  private readonly logger = new Logger('ScreenBus');
  private warned = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:screen`;
  }

  /**
   * Best effort: the call is already committed in PostgreSQL, so Redis being down must not fail
   * it; screens elsewhere miss this event (they reload the state on reconnect), this process's
   * own screens still get it.
   */
  async publish(e: ScreenEvent): Promise<void> {
    if (this.redis.status === 'ready') {
      try {
        await this.redis.publish(this.channel, JSON.stringify(e));
        this.warned = false;
        return;
      } catch {
        // fall through to the local fan-out
      }
    }
    if (!this.warned) {
      this.warned = true;
      this.logger.warn(`Redis unreachable: screen event ${e.type} shown on this instance's screens only`);
    }
    this.local.emit(e.annexId, e);
  }

  /** Listens for one annex's events; returns the function that stops listening. */
  async listen(annexId: string, on: (e: ScreenEvent) => void): Promise<() => void> {
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('error', () => undefined);
      this.subscriber.on('message', (_c, message: string) => {
        const e = JSON.parse(message) as ScreenEvent;
        this.local.emit(e.annexId, e);
      });
      await this.subscriber.subscribe(this.channel);
    }
    this.local.on(annexId, on);
    return () => this.local.off(annexId, on);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }
}
