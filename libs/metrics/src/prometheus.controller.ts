import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LowPriority, Public } from '@app/core';
import { PrometheusService } from './prometheus.service';

@ApiTags('metrics')
@Public()
@Controller('metrics')
export class PrometheusController {
  constructor(private readonly prometheus: PrometheusService) {}

  @LowPriority()
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format 0.0.4), unprefixed' })
  @ApiOkResponse({ description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.prometheus.registry.metrics();
  }
}
