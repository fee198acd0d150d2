import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentsRepository } from './attachments/attachments.repository';
import { AttachmentsService } from './attachments/attachments.service';
import { ProceduresController } from './guide/procedures.controller';
import { ProceduresRepository } from './guide/procedures.repository';
import { ProceduresService } from './guide/procedures.service';
import { RequestLifecycle } from './requests/request-lifecycle';
import { QueueStreamController } from './requests/queue-stream.controller';
import { RequestViews } from './requests/request-views';
import { RequestsController } from './requests/requests.controller';
import { RequestClockRepository } from './requests/request-clock.repository';
import { RequestsRepository } from './requests/requests.repository';
import { RequestsService } from './requests/requests.service';
import { RequestTransitions } from './requests/transitions.service';
import { TrackingController } from './tracking/tracking.controller';
import { TrackingService } from './tracking/tracking.service';

/** The digital guide and the request lifecycle, one model for every channel. */
@Module({
  controllers: [ProceduresController, QueueStreamController, RequestsController, AttachmentsController, TrackingController],
  providers: [
    ProceduresRepository,
    ProceduresService,
    RequestsRepository,
    RequestClockRepository,
    RequestsService,
    RequestTransitions,
    RequestViews,
    RequestLifecycle,
    TrackingService,
    AttachmentsService,
    AttachmentsRepository,
  ],
  exports: [ProceduresService, RequestLifecycle, RequestTransitions, RequestsRepository, RequestClockRepository],
})
export class RequestsModule {}
