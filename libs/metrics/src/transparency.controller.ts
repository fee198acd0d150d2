import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/core';
import { TransparencyDto } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';

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
