import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { RequestsModule } from '@app/requests';
import { AudioPromptsController, AudioPromptsService } from './audio-prompts';
import { AppointmentsController } from './appointments/appointments.controller';
import { AppointmentsService } from './appointments/appointments.service';
import { Clock } from './clock';
import { GrievancePhotosController, GrievancePhotosService } from './grievance-photos';
import { GrievancesController } from './grievances.controller';
import { GrievancesService } from './grievances.service';
import { Open311Controller } from './open311/open311.controller';
import { ScreenBus } from './screen-bus';
import { ScreenController } from './screen.controller';
import { SignageController, SignageService } from './signage';
import { SignageMediaController, SignageMediaService } from './signage-media';
import { TicketMetricsController, TicketMetricsService } from './ticket-metrics';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

/** The reception and communication space: ticket queue, screens, grievances (and Open311). */
@Module({
  imports: [RequestsModule, AccountsModule],
  controllers: [AudioPromptsController, GrievancePhotosController, TicketsController, ScreenController, SignageMediaController, SignageController, TicketMetricsController, GrievancesController, Open311Controller, AppointmentsController],
  providers: [AudioPromptsService, TicketsService, ScreenBus, SignageService, SignageMediaService, TicketMetricsService, GrievancesService, GrievancePhotosService, AppointmentsService, Clock],
})
export class ReceptionModule {}
