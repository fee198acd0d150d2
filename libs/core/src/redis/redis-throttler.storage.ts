import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from './redis.module';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

// Fixed window counter + block marker, atomically. Returns hits, ms to window end, ms left blocked.
const SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked}
`;

/** A Redis that does not answer within this is treated as down for this request. */
export const THROTTLE_REDIS_TIMEOUT_MS = 500;
const LOST = new Set(['reconnecting', 'close', 'end']);
/** Windows kept by the in-process fallback before expired ones are swept. */
const LOCAL_SWEEP_AT = 10_000;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms).unref()),
  ]);

interface LocalWindow {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

/**
 * The same fixed windows in this process's memory: what limits requests while Redis is down.
 * Per instance (n API instances let n times the limit through), which is the price of staying up.
 */
export class LocalThrottlerStorage {
  private readonly windows = new Map<string, LocalWindow>();

  increment(key: string, ttl: number, limit: number, blockDuration: number, now = Date.now()): ThrottlerStorageRecord {
    if (this.windows.size >= LOCAL_SWEEP_AT) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.expiresAt <= now) {
      w = { hits: 0, expiresAt: now + ttl, blockedUntil: w && w.blockedUntil > now ? w.blockedUntil : 0 };
      this.windows.set(key, w);
    }
    w.hits++;
    if (w.blockedUntil <= now && w.hits > limit) w.blockedUntil = now + (blockDuration || ttl);
    const blocked = Math.max(0, w.blockedUntil - now);
    return {
      totalHits: w.hits,
      timeToExpire: Math.ceil((w.expiresAt - now) / 1000),
      isBlocked: blocked > 0,
      timeToBlockExpire: Math.ceil(blocked / 1000),
    };
  }

  get size(): number {
    return this.windows.size;
  }

  clear(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.expiresAt <= now && w.blockedUntil <= now) this.windows.delete(k);
  }
}

/**
 * Rate limits shared by every API instance (in-memory counters would not be). While Redis is down
 * the limiter fails open to per-instance counters instead of failing every request: logged once
 * when it starts and once when Redis is back (with the duration), and exposed to /metrics.
 * Login lockout and one-time-code attempts are not counted here: they live in PostgreSQL.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimiter');
  private readonly local = new LocalThrottlerStorage();
  private degradedSince: number | null = null;
  /** Requests counted by the in-process fallback since start (a Prometheus counter). */
  fallbackRequests = 0;
  /** Times the limiter switched to the fallback since start. */
  fallbackActivations = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** True while requests are limited per instance because Redis is unreachable. */
  get degraded(): boolean {
    return this.degradedSince !== null;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.config.QUEUE_PREFIX}:throttle:${throttlerName}:${key}`;
    // Lost connection: do not queue the command behind ioredis' reconnect attempts (seconds
    // each). Still connecting (a process starting): the command waits, within the timeout.
    if (!LOST.has(this.redis.status)) {
      try {
        const [hits, pttl, blocked] = (await withTimeout(
          this.redis.eval(SCRIPT, 2, base, `${base}:blocked`, ttl, limit, blockDuration || ttl),
          THROTTLE_REDIS_TIMEOUT_MS,
        )) as number[];
        this.recovered();
        return {
          totalHits: hits,
          timeToExpire: Math.max(0, Math.ceil(pttl / 1000)),
          isBlocked: blocked > 0,
          timeToBlockExpire: Math.max(0, Math.ceil(blocked / 1000)),
        };
      } catch (e) {
        this.failOpen((e as Error).message);
      }
    } else {
      this.failOpen(`connection ${this.redis.status}`);
    }
    this.fallbackRequests++;
    return this.local.increment(base, ttl, limit, blockDuration);
  }

  private failOpen(why: string): void {
    if (this.degradedSince !== null) return;
    this.degradedSince = Date.now();
    this.fallbackActivations++;
    this.logger.warn(`Redis unreachable (${why}): rate limits counted per API instance until it is back`);
  }

  private recovered(): void {
    if (this.degradedSince === null) return;
    const seconds = Math.round((Date.now() - this.degradedSince) / 1000);
    this.degradedSince = null;
    this.local.clear();
    this.logger.log(
      `Redis back: rate limits shared again after ${seconds} s per instance (${this.fallbackRequests} requests counted locally so far)`,
    );
  }
}
