import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  AccountThrottlerGuard,
  ApiKeyStrategy,
  AppConfig,
  AuthGuard,
  CoreModule,
  JwtStrategy,
  HealthController,
  PdfRendererHealthIndicator,
  RedisHealthIndicator,
  RedisThrottlerStorage,
} from '@app/core';
import { AccountsModule } from '@app/accounts';
import { RequestsModule } from '@app/requests';
import { SlaModule } from '@app/sla';
import { MetricsModule } from '@app/metrics';
import { NotificationsModule } from '@app/notifications';
import { CertificatesModule } from '@app/certificates';
import { ReceptionModule } from '@app/reception';
import { InteropModule } from '@app/interop';
import { MeController } from './me.controller';

@Module({
  imports: [
    CoreModule,
    TerminusModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        storage,
      }),
    }),
    AccountsModule,
    RequestsModule,
    SlaModule,
    MetricsModule,
    NotificationsModule,
    CertificatesModule,
    ReceptionModule,
    InteropModule,
  ],
  controllers: [HealthController, MeController],
  providers: [
    // HTTP credentials are the API's alone: passport registers strategies process-wide, so a
    // worker context started beside the API (tests) must not replace them with its own.
    JwtStrategy,
    ApiKeyStrategy,
    RedisHealthIndicator,
    PdfRendererHealthIndicator,
    { provide: APP_GUARD, useClass: AuthGuard },
    // After AuthGuard (guards run in this order): the tracker is the account it authenticated.
    { provide: APP_GUARD, useClass: AccountThrottlerGuard },
  ],
})
export class AppModule {}
