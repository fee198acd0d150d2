import { EventEmitter } from 'node:events';
import { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

const HEARTBEAT_MS = 15_000;

/** What live screens are told: the display's called tickets, the agents' queue changes. */
export interface LiveEvent {
  type: string;
  /** Null: every annex (a relay that may have missed changes asks every screen to reload). */
  annexId: string | null;
  data: Record<string, unknown>;
}

/**
 * Live events through Redis pub/sub, so a change made on (or relayed to) one API instance reaches
 * the screens connected to any other; each process holds one subscription and fans out in memory,
 * by topic (`screen`, `queue`) and annex.
 */
@Injectable()
export class LiveBus implements OnModuleDestroy {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private subscriber?: Promise<Redis>;
  private readonly prefix: string;
  private readonly logger = new Logger('LiveBus');
  private warned = false;
  private readonly open = new Set<ServerResponse>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:live:`;
  }

  /**
   * Best effort: the change is already committed in PostgreSQL, so Redis being down must not fail
   * it; screens elsewhere miss this event (they reload the state on reconnect), this process's
   * own screens still get it.
   */
  async publish(topic: string, e: LiveEvent): Promise<void> {
    if (this.redis.status === 'ready') {
      try {
        await this.redis.publish(this.prefix + topic, JSON.stringify(e));
        this.warned = false;
        return;
      } catch {
        // fall through to the local fan-out
      }
    }
    if (!this.warned) {
      this.warned = true;
      this.logger.warn(`Redis unreachable: ${topic} event ${e.type} shown on this instance's screens only`);
    }
    this.deliver(topic, e);
  }

  /** Listens for one annex's events of a topic (and those for every annex); returns the function that stops listening. */
  async listen(topic: string, annexId: string, on: (e: LiveEvent) => void): Promise<() => void> {
    this.subscriber ??= this.subscribe();
    await this.subscriber;
    const key = `${topic}\0${annexId}`;
    this.local.on(key, on);
    return () => this.local.off(key, on);
  }

  /** How many listeners this process has for an annex's topic (a relay skips work nobody watches). */
  listeners(topic: string, annexId: string): number {
    return this.local.listenerCount(`${topic}\0${annexId}`);
  }

  /**
   * Answers with a server-sent event stream of an annex's topic: `frame` turns an event into the
   * text to send (or null to skip it); `first` is written once listening has begun, before any
   * event (what the screen starts from, read only then so no change falls in between). A comment
   * line every 15 s keeps proxies from closing an idle stream; on shutdown every stream ends (the
   * browser reconnects to another instance).
   */
  async serve(
    reply: { hijack(): void; raw: ServerResponse },
    a: { topic: string; annexId: string; frame: (e: LiveEvent) => string | null | Promise<string | null>; first?: () => Promise<string> },
  ): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\n: connected\n\n`);
    this.open.add(res);
    // Frames are written in the order the events came, after `first`, even when one needs a query.
    let started!: () => void;
    let chain = new Promise<void>((ok) => (started = ok));
    const write = (text: string | null) => {
      if (text && !res.writableEnded) res.write(text);
    };
    const stop = await this.listen(a.topic, a.annexId, (e) => {
      chain = chain.then(async () => write(await a.frame(e))).catch(() => undefined);
    });
    const beat = setInterval(() => res.write(`: heartbeat\n\n`), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(beat);
      stop();
      this.open.delete(res);
    });
    write(a.first ? await a.first().catch(() => null) : null);
    started();
  }

  private deliver(topic: string, e: LiveEvent): void {
    if (e.annexId) {
      this.local.emit(`${topic}\0${e.annexId}`, e);
      return;
    }
    for (const key of this.local.eventNames()) if (typeof key === 'string' && key.startsWith(`${topic}\0`)) this.local.emit(key, e);
  }

  private async subscribe(): Promise<Redis> {
    const sub = this.redis.duplicate();
    sub.on('error', () => undefined);
    sub.on('pmessage', (_p, channel: string, message: string) => {
      try {
        this.deliver(channel.slice(this.prefix.length), JSON.parse(message) as LiveEvent);
      } catch {
        // not ours
      }
    });
    await sub.psubscribe(`${this.prefix}*`);
    return sub;
  }

  async onModuleDestroy(): Promise<void> {
    for (const res of this.open) res.end();
    const sub = await this.subscriber?.catch(() => undefined);
    await sub?.quit().catch(() => undefined);
  }
}
