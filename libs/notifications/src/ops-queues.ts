import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, Page, PageQuery, pageOf, QueueFactory, QUEUES, Roles } from '@app/core';

export class FailedJobDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Why it failed (no job data: it can hold personal data)' }) failedReason: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class QueueStatusDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Jobs per state: waiting, active, delayed, failed, completed', type: 'object', additionalProperties: { type: 'number' } }) counts: Record<string, number>;
  @ApiProperty({ type: [FailedJobDto], description: 'The 10 most recent failures' }) recentFailures: FailedJobDto[];
}

/** The ops view of every queue: depth per state and the latest failures. */
@Injectable()
export class QueueDashboard {
  constructor(private readonly queues: QueueFactory) {}

  async status(): Promise<QueueStatusDto[]> {
    return Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const q = this.queues.queue(name);
        const [counts, failed] = await Promise.all([q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'), q.getFailed(0, 9)]);
        return {
          name,
          counts,
          recentFailures: failed.map((j) => ({
            id: j.id ?? '',
            name: j.name,
            failedReason: (j.failedReason ?? '').slice(0, 200),
            attemptsMade: j.attemptsMade,
            finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        };
      }),
    );
  }
}

@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('ops/queues')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboard) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Queue dashboard (ops): depth per state and recent failures of every queue' })
  @ApiPageResponse(QueueStatusDto)
  async status(@Query() q: PageQuery): Promise<Page<QueueStatusDto>> {
    return pageOf(await this.dashboard.status(), q, (s) => s.name);
  }
}
