import { Module } from '@nestjs/common';
import { ProceduresController } from './guide/procedures.controller';
import { ProceduresRepository } from './guide/procedures.repository';
import { ProceduresService } from './guide/procedures.service';
import { RequestLifecycle } from './requests/request-lifecycle';
import { RequestsController } from './requests/requests.controller';
import { RequestsRepository } from './requests/requests.repository';
import { RequestsService } from './requests/requests.service';
import { RequestTransitions } from './requests/transitions.service';
import { TrackingController } from './tracking/tracking.controller';
import { TrackingService } from './tracking/tracking.service';

/** The digital guide and the request lifecycle, one model for every channel. */
@Module({
  controllers: [ProceduresController, RequestsController, TrackingController],
  providers: [
    ProceduresRepository,
    ProceduresService,
    RequestsRepository,
    RequestsService,
    RequestTransitions,
    RequestLifecycle,
    TrackingService,
  ],
  exports: [ProceduresService, RequestLifecycle, RequestTransitions, RequestsRepository],
})
export class RequestsModule {}
