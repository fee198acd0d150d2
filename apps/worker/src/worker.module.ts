import { Module } from '@nestjs/common';
import { CoreModule, OutboxRelay } from '@app/core';
import { SlaWorkerModule } from '@app/sla';
import { MetricsWorkerModule } from '@app/metrics';
import { NotificationsWorkerModule } from '@app/notifications';
import { CertificatesWorkerModule } from '@app/certificates';
import { InteropWorkerModule } from '@app/interop';
import { PrivacyWorkerModule } from '@app/accounts';
import { AppointmentsWorkerModule } from '@app/reception';
import { QueueFeedRelay } from '@app/requests';

/**
 * The worker process: BullMQ processors only adapt a job to the same use case the API calls.
 * Domain modules add their processors here (notifications, SLA timers, webhooks, certificates).
 */
@Module({
  imports: [
    CoreModule,
    SlaWorkerModule,
    MetricsWorkerModule,
    NotificationsWorkerModule,
    CertificatesWorkerModule,
    InteropWorkerModule,
    PrivacyWorkerModule,
    AppointmentsWorkerModule,
  ],
  providers: [OutboxRelay, QueueFeedRelay],
})
export class WorkerModule {}
