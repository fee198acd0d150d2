import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationQueries } from './notification.queries';
import { ProviderFactory } from './providers/provider.factory';
import { NotifyJob } from './jobs/notify.job';
import { OpsJobsController, QueueDashboardController } from './ops/queue-dashboard.controller';
import { QueueDashboard } from './ops/queue-dashboard.service';

/** API side: delivery status and ops routes. */
@Module({
  controllers: [NotificationsController, QueueDashboardController, OpsJobsController],
  providers: [ProviderFactory, NotificationsService, NotificationQueries, QueueDashboard],
})
export class NotificationsModule {}

/** Worker side: the `notifications` queue processor. */
@Module({
  providers: [ProviderFactory, NotificationsService, NotifyJob],
  exports: [NotificationsService],
})
export class NotificationsWorkerModule {}
