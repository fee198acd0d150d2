import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, LowPriority, Principal, Public, Roles } from '@app/core';
import { CensusQuery, ProcessingTimesQuery } from './dto/metrics-query.dto';
import { CensusDto, ProcessingTimesDto, ProvinceViewDto, SlaDto, TransparencyDto } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@ApiBearerAuth('bearer')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @LowPriority()
  @Get('processing-times')
  @Roles('supervisor', 'agent', 'admin')
  @ApiOperation({
    summary:
      "Processing times (count, mean, median, p90, SLA compliance) by agent, procedure, channel, counter or period; an agent sees their own and the annex's (default period: the last 30 days)",
  })
  @ApiOkResponse({ type: ProcessingTimesDto })
  @ApiForbiddenResponse({ description: "An agent asking for a colleague's figures" })
  processingTimes(@Query() q: ProcessingTimesQuery, @CurrentUser() user: Principal): Promise<ProcessingTimesDto> {
    return this.metrics.processingTimes(q, user);
  }

  @LowPriority()
  @Get('sla')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'SLA dashboard: backlog, at-risk and overdue requests, 30-day compliance' })
  @ApiOkResponse({ type: SlaDto })
  sla(@CurrentUser() user: Principal): Promise<SlaDto> {
    return this.metrics.sla(user);
  }

  @LowPriority()
  @Get('annexes')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Province view: annexes side by side (processing times, SLA compliance, backlog, ticket waits, residents) over 30 days; a province-wide account sees every annex, others their own',
  })
  @ApiOkResponse({ type: ProvinceViewDto })
  annexes(@CurrentUser() user: Principal): Promise<ProvinceViewDto> {
    return this.metrics.provinceView(user);
  }

  @LowPriority()
  @Get('census')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Indirect census from the citizen register (cells under 5 people suppressed); JSON or CSV' })
  @ApiOkResponse({ type: CensusDto })
  @ApiProduces('application/json', 'text/csv')
  async census(
    @Query() q: CensusQuery,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ) {
    const census = await this.metrics.census(q.by ?? 'neighbourhood', user);
    if (q.format !== 'csv') return census;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="census-${census.by}.csv"`);
    return this.metrics.censusCsv(census);
  }
}

@ApiTags('metrics')
@Public()
@Controller('transparency')
export class TransparencyController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({
    summary: 'Public: per procedure median and p90 processing time and SLA compliance over 30 days; requests served per channel',
  })
  @ApiOkResponse({ type: TransparencyDto })
  transparency(): Promise<TransparencyDto> {
    return this.metrics.transparency();
  }
}
