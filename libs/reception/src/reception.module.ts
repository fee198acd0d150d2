import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { RequestsModule } from '@app/requests';
import { AudioPromptsController, AudioPromptsService } from './signage/audio-prompts';
import { AppointmentsController } from './appointments/appointments.controller';
import { AppointmentsService } from './appointments/appointments.service';
import { Clock } from './clock';
import { GrievancePhotosController } from './grievances/grievance-photos.controller';
import { GrievancePhotosRepository } from './grievances/grievance-photos.repository';
import { GrievancePhotosService } from './grievances/grievance-photos.service';
import { GrievancesController } from './grievances/grievances.controller';
import { GrievancesService } from './grievances/grievances.service';
import { Open311Controller } from './grievances/open311/open311.controller';
import { ScreenBus } from './screen/screen-bus';
import { ScreenController } from './screen/screen.controller';
import { SignageController, SignageService } from './signage/signage';
import { SignageMediaController, SignageMediaService } from './signage/signage-media';
import { TicketsController } from './tickets/tickets.controller';
import { TicketsService } from './tickets/tickets.service';

/** The reception and communication space: ticket queue, screens, grievances (and Open311). */
@Module({
  imports: [RequestsModule, AccountsModule],
  controllers: [
    AudioPromptsController,
    GrievancePhotosController,
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
    TicketsService,
    ScreenBus,
    SignageService,
    SignageMediaService,
    GrievancesService,
    GrievancePhotosService,
    GrievancePhotosRepository,
    AppointmentsService,
    Clock,
  ],
})
export class ReceptionModule {}
