import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/app-config';
import { CalendarService } from './calendar/calendar.service';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ReadReplica } from './database/read-replica';
import { PeriodicTasks } from './tasks/periodic';
import { LoggingModule } from './logging/logging.module';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { OutboxService } from './outbox/outbox.service';
import { OutboxReconciler } from './outbox/outbox-reconciler';
import { QueueFactory } from './redis/queues';
import { RedisModule } from './redis/redis.module';
import { RedisThrottlerStorage } from './redis/redis-throttler.storage';
import { AccessLog } from './privacy/access-log';
import { SessionCheck } from './auth/sessions';
import { LiveBus } from './live/live-bus';
import { jwtKey } from './auth/strategies';
import { FileStorage, LocalDiskStorage } from './storage/file-storage';

/** What every process (api, worker, scripts) needs: config, logs, PostgreSQL, Redis, queues, tokens, file storage. */
@Global()
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    // OutboxService inserts through the entity's metadata: it must be known to the DataSource.
    TypeOrmModule.forFeature([OutboxMessage]),
    RedisModule,
    PassportModule,
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.JWT_SECRET),
        signOptions: { expiresIn: config.JWT_ACCESS_TTL_SECONDS, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    OutboxService,
    OutboxReconciler,
    QueueFactory,
    RedisThrottlerStorage,
    CalendarService,
    AccessLog,
    SessionCheck,
    ReadReplica,
    PeriodicTasks,
    LiveBus,
    { provide: FileStorage, useClass: LocalDiskStorage },
  ],
  exports: [
    AppConfigModule,
    RedisModule,
    OutboxService,
    OutboxReconciler,
    QueueFactory,
    JwtModule,
    RedisThrottlerStorage,
    CalendarService,
    AccessLog,
    SessionCheck,
    ReadReplica,
    PeriodicTasks,
    LiveBus,
    FileStorage,
  ],
})
export class CoreModule {}
