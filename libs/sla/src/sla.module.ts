import { Module } from '@nestjs/common';
import { RequestsModule } from '@app/requests';
import { SlaClock } from './sla-clock';
import { SlaTimers } from './sla-timers';
import { SlaJob } from './jobs/sla.job';
import { HolidaysController, HolidaysService } from './calendar/holidays.controller';
import { SeasonalHoursController, SeasonalHoursService } from './calendar/seasonal-hours.controller';

/** API side: the clock follows every state change (in its transaction). */
@Module({
  imports: [RequestsModule],
  controllers: [HolidaysController, SeasonalHoursController],
  providers: [SlaClock, HolidaysService, SeasonalHoursService],
})
export class SlaModule {}

/** Worker side: the clock too (the worker changes states as well), the timers and the reconciler. */
@Module({
  imports: [RequestsModule],
  providers: [SlaClock, SlaTimers, SlaJob],
  exports: [SlaTimers],
})
export class SlaWorkerModule {}
