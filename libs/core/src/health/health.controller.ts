import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { Public } from '../auth/decorators';
import { REDIS } from '../redis/redis.module';
import { missingPdfFonts } from '../startup/pdf-fonts';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async ping(key: string) {
    const check = this.indicator.check(key);
    // Not connected: say so at once rather than wait behind ioredis' reconnect attempts.
    if (this.redis.status !== 'ready') return check.down({ message: `connection ${this.redis.status}` });
    try {
      await withTimeout(this.redis.ping(), 1500);
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }
}

/**
 * The PDF renderer (the API draws receipts, the worker certificates, from the same image): its
 * font files are there and readable. A filesystem check: readiness is polled every few seconds.
 */
@Injectable()
export class PdfRendererHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  async check(key: string) {
    const check = this.indicator.check(key);
    const missing = await missingPdfFonts(this.config.FONTS_DIR);
    return missing.length ? check.down({ message: `fonts missing under ${this.config.FONTS_DIR}: ${missing.join(', ')}` }) : check.up();
  }
}

@ApiTags('health')
@Public()
// Never rate limited: an orchestrator probing often must not be told 429, and the limiter's
// store (Redis) is one of the things readiness reports on.
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly pdf: PdfRendererHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (depends on nothing outside it)' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: PostgreSQL and Redis answer and the PDF renderer has its fonts (503 naming what is down otherwise)',
  })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 1500 }),
      () => this.redis.ping('redis'),
      () => this.pdf.check('pdf'),
    ]);
  }
}
