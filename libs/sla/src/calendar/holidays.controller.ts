import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, Page, PageQuery, pageOf, Principal, Public, Roles } from '@app/core';
import { HolidayDto, HolidayInput } from './dto/holiday.dto';
import { HolidaysService } from './holidays.service';

@ApiTags('calendar')
@Controller('holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Public holidays (closed days of the working-time calendar)' })
  @ApiPageResponse(HolidayDto)
  async list(@Query() q: PageQuery): Promise<Page<HolidayDto>> {
    return pageOf(await this.holidays.list(), q, (h) => h.id);
  }

  @Post()
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: "Add a holiday (e.g. this year's Eid dates once announced)" })
  @ApiCreatedResponse({ type: HolidayDto })
  add(@Body() h: HolidayInput, @CurrentUser() p: Principal): Promise<HolidayDto> {
    return this.holidays.add(h, p);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a holiday' })
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.holidays.remove(id);
  }
}
