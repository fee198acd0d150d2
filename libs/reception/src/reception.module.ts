import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { RequestsModule } from '@app/requests';
import { AppointmentsController } from './appointments/appointments.controller';
import { AppointmentsService } from './appointments/appointments.service';
import { Clock } from './clock';
import { GrievancePhotosRepository } from './grievances/grievance-photos.repository';
import { GrievancePhotosService } from './grievances/grievance-photos.service';
import { GrievancesController } from './grievances/grievances.controller';
import { GrievancesService } from './grievances/grievances.service';
import { Open311Controller } from './grievances/open311/open311.controller';
import { ScreenBus } from './screen/screen-bus';
import { ScreenController } from './screen/screen.controller';
import { AudioPromptsController } from './signage/audio-prompts.controller';
import { AudioPromptsRepository } from './signage/audio-prompts.repository';
import { AudioPromptsService } from './signage/audio-prompts.service';
import { SignageMediaController } from './signage/signage-media.controller';
import { SignageMediaRepository } from './signage/signage-media.repository';
import { SignageMediaService } from './signage/signage-media.service';
import { SignageController } from './signage/signage.controller';
import { SignageRepository } from './signage/signage.repository';
import { SignageService } from './signage/signage.service';
import { TicketsController } from './tickets/tickets.controller';
import { TicketsService } from './tickets/tickets.service';

/** The reception and communication space: ticket queue, screens, grievances (and Open311). */
@Module({
  imports: [RequestsModule, AccountsModule],
  controllers: [
    AudioPromptsController,
    TicketsController,
    ScreenController,
    SignageMediaController,
    SignageController,
    GrievancesController,
    Open311Controller,
    AppointmentsController,
  ],
  providers: [
    AudioPromptsService,
    AudioPromptsRepository,
    TicketsService,
    ScreenBus,
    SignageService,
    SignageRepository,
    SignageMediaService,
    SignageMediaRepository,
    GrievancesService,
    GrievancePhotosService,
    GrievancePhotosRepository,
    AppointmentsService,
    Clock,
  ],
  // For the API's one /me controller (apps/api/src/me.controller.ts).
  exports: [AppointmentsService],
})
export class ReceptionModule {}
