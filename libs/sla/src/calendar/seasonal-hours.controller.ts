import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { SeasonalHoursDto, SeasonalHoursInput, SeasonalHoursQuery } from './dto/seasonal-hours.dto';
import { SeasonalHoursService } from './seasonal-hours.service';

@ApiTags('calendar')
@Controller('seasonal-hours')
export class SeasonalHoursController {
  constructor(private readonly seasons: SeasonalHoursService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "An annex's seasonal opening hours (Ramadan, summer), by date range" })
  @ApiOkResponse({ type: [SeasonalHoursDto] })
  list(@Query() q: SeasonalHoursQuery): Promise<SeasonalHoursDto[]> {
    return this.seasons.list(q.annexId);
  }

  @Post()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Add seasonal hours: receipts, SLA timers and appointments follow them in that date range' })
  @ApiCreatedResponse({ type: SeasonalHoursDto })
  add(@Body() h: SeasonalHoursInput, @CurrentUser() p: Principal): Promise<SeasonalHoursDto> {
    return this.seasons.add(h, p);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove seasonal hours' })
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    return this.seasons.remove(id, p);
  }
}
