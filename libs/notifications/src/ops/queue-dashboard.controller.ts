import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse, LowPriority, Page, PageQuery, pageOf, Roles } from '@app/core';
import { QueueStatusDto, RetriedDto } from './dto/queue-status.dto';
import { QUEUE_NAMES, QueueDashboard } from './queue-dashboard.service';

@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('ops/queues')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboard) {}

  @LowPriority()
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
