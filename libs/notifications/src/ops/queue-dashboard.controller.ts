import { Controller, Get, HttpCode, Injectable, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, Conflict, DomainError, NotFound, objectOf, Page, PageQuery, pageOf, QueueFactory, QueueName, QUEUES, Roles } from '@app/core';

const QUEUE_NAMES = Object.values(QUEUES) as string[];

class UnknownQueue extends DomainError {
  constructor(name: string) {
    super(404, 'not-found', 'Not found', `No queue named ${name}`, [{ field: 'queue', reason: 'isIn', message: `must be one of ${QUEUE_NAMES.join(', ')}` }]);
  }
}

export class RetriedDto {
  @ApiProperty({ description: 'How many failed jobs were moved back to waiting' }) retried: number;
}

export class FailedJobDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'What it concerns, e.g. `certificateId=<uuid>` (ids only)' }) object: string | null;
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
            object: objectOf(j.data),
            failedReason: (j.failedReason ?? '').slice(0, 200),
            attemptsMade: j.attemptsMade,
            finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        };
      }),
    );
  }

  private named(queue: string) {
    if (!QUEUE_NAMES.includes(queue)) throw new UnknownQueue(queue);
    return this.queues.queue(queue as QueueName);
  }

  /** One failed job back to waiting, its attempts counted afresh. */
  async retry(queue: string, jobId: string): Promise<RetriedDto> {
    const job = await this.named(queue).getJob(jobId);
    if (!job) throw new NotFound('Job');
    if (!(await job.isFailed())) throw new Conflict('job-not-failed', 'Job not failed', `The job is ${await job.getState()}; only failed jobs are retried`);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return { retried: 1 };
  }

  /** Every failed job of a queue back to waiting. */
  async retryFailed(queue: string): Promise<RetriedDto> {
    const q = this.named(queue);
    const failed = await q.getJobCountByTypes('failed');
    await q.retryJobs({ state: 'failed', count: 1000 });
    return { retried: failed };
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

@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('ops/jobs')
export class OpsJobsController {
  constructor(private readonly dashboard: QueueDashboard) {}

  @Post(':queue/retry-failed')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Re-drive every failed job of a queue (ops)' })
  @ApiParam({ name: 'queue', enum: QUEUE_NAMES, enumName: 'QueueName' })
  @ApiAcceptedResponse({ type: RetriedDto })
  @ApiNotFoundResponse({ description: 'No such queue' })
  retryFailed(@Param('queue') queue: string): Promise<RetriedDto> {
    return this.dashboard.retryFailed(queue);
  }

  @Post(':queue/:jobId/retry')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Re-drive one failed job (ops); its attempts start again' })
  @ApiParam({ name: 'queue', enum: QUEUE_NAMES, enumName: 'QueueName' })
  @ApiAcceptedResponse({ type: RetriedDto })
  @ApiNotFoundResponse({ description: 'No such queue or job' })
  @ApiConflictResponse({ description: 'The job is not in the failed state' })
  retry(@Param('queue') queue: string, @Param('jobId') jobId: string): Promise<RetriedDto> {
    return this.dashboard.retry(queue, jobId);
  }
}
