import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public, PublicLookupThrottle } from '@app/core';
import { TrackingDto, TrackingQueryDto } from './dto/tracking.dto';
import { TrackingService } from './tracking.service';

@ApiTags('requests')
@Controller('track')
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Get(':trackingCode')
  @Public()
  @PublicLookupThrottle()
  @ApiOperation({
    summary: 'Public tracking (kiosk, reception): state, last update and next step; needs the CIN (a birth date is not accepted)',
  })
  @ApiParam({ name: 'trackingCode', example: 'BRK5-2026-000123' })
  @ApiOkResponse({ type: TrackingDto })
  @ApiBadRequestResponse({ description: 'Neither cin nor birthDate given' })
  @ApiNotFoundResponse({ description: 'Unknown code, or it does not match the identity given' })
  @ApiTooManyRequestsResponse()
  track(@Param('trackingCode') trackingCode: string, @Query() query: TrackingQueryDto): Promise<TrackingDto> {
    return this.tracking.track(trackingCode, query);
  }
}
