import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, PeriodicTask } from '@app/core';
import { Clock } from '../clock';
import { ScreenBus } from '../screen-bus';
import { TicketsService } from '../tickets.service';
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

@Module({
  providers: [AppointmentsService, TicketsService, ScreenBus, Clock, AppointmentSweepJob],
})
export class AppointmentsWorkerModule {}
