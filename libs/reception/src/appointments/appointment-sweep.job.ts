import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OneTimeCodes } from '@app/accounts';
import { AppConfig, PeriodicTask } from '@app/core';
import { Clock } from '../clock';
import { ScreenBus } from '../screen/screen-bus';
import { TicketsService } from '../tickets/tickets.service';
import { AppointmentsService } from './appointments.service';

/** Worker side: reminders and no-shows, at start and every APPOINTMENT_SWEEP_SECONDS. */
@Injectable()
export class AppointmentSweepJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(appointments: AppointmentsService, config: AppConfig) {
    this.task = new PeriodicTask('AppointmentSweepJob', config.APPOINTMENT_SWEEP_SECONDS, () => appointments.sweep());
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}

// OneTimeCodes: AppointmentsService books without an account too (not used by the sweep; no AccountsModule controllers in the worker).
@Module({
  providers: [AppointmentsService, TicketsService, ScreenBus, Clock, OneTimeCodes, AppointmentSweepJob],
})
export class AppointmentsWorkerModule {}
