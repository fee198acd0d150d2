import { Module } from '@nestjs/common';
import { RequestsModule } from '@app/requests';
import { SlaClock } from './sla-clock';
import { SlaTimers } from './sla-timers';
import { SlaJob } from './jobs/sla.job';
import { HolidaysController } from './calendar/holidays.controller';
import { HolidaysRepository } from './calendar/holidays.repository';
import { HolidaysService } from './calendar/holidays.service';
import { SeasonalHoursController } from './calendar/seasonal-hours.controller';
import { SeasonalHoursRepository } from './calendar/seasonal-hours.repository';
import { SeasonalHoursService } from './calendar/seasonal-hours.service';

/** API side: the clock follows every state change (in its transaction). */
@Module({
  imports: [RequestsModule],
  controllers: [HolidaysController, SeasonalHoursController],
  providers: [SlaClock, HolidaysService, HolidaysRepository, SeasonalHoursService, SeasonalHoursRepository],
})
export class SlaModule {}

/** Worker side: the clock too (the worker changes states as well), the timers and the reconciler. */
@Module({
  imports: [RequestsModule],
  providers: [SlaClock, SlaTimers, SlaJob],
  exports: [SlaTimers],
})
export class SlaWorkerModule {}
