import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsDateString, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiPageResponse, CalendarService, Conflict, CurrentUser, InvalidInput, NotFound, Page, PageQuery, pageOf, Principal, Public, Roles } from '@app/core';

export class HolidayInput {
  @ApiPropertyOptional({ format: 'date', example: '2027-03-10', description: 'A dated holiday (the religious ones, each year)' })
  @ValidateIf((h: HolidayInput) => !h.monthDay)
  @IsDateString({ strict: true })
  day?: string;

  @ApiPropertyOptional({ example: '11-18', description: 'A fixed holiday, every year (MM-DD)' })
  @IsOptional()
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'monthDay must be MM-DD' })
  monthDay?: string;

  @ApiProperty({ example: 'عيد الفطر' }) @IsString() @Length(2, 100) nameAr: string;
  @ApiProperty({ example: 'Aïd al-Fitr' }) @IsString() @Length(2, 100) nameFr: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A local holiday of this annex only (an annex admin: their own annex; omitted: the whole country)' })
  @IsOptional()
  @IsUUID()
  annexId?: string;
}

export class HolidayDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) day: string | null;
  @ApiProperty({ nullable: true, type: String }) monthDay: string | null;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty({ description: 'Only for this annex (else: the whole country)' }) annexOnly: boolean;
}

const toDto = (r: Record<string, any>): HolidayDto => ({ id: r.id, day: r.day, monthDay: r.month_day, nameAr: r.name_ar, nameFr: r.name_fr, annexOnly: !!r.annex_id });

/** Public holidays of the working-time calendar; admins add the movable religious ones each year. */
@Injectable()
export class HolidaysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  async list(): Promise<HolidayDto[]> {
    const rows = await this.db.query(`SELECT id, to_char(day, 'YYYY-MM-DD') AS day, month_day, name_ar, name_fr, annex_id FROM holiday ORDER BY COALESCE(to_char(day, 'YYYY-MM-DD'), month_day)`);
    return rows.map(toDto);
  }

  async add(h: HolidayInput, p: Principal): Promise<HolidayDto> {
    if (!!h.day === !!h.monthDay) throw new InvalidInput([{ field: 'day', reason: 'oneOf', message: 'give either day or monthDay' }]);
    // An annex admin adds holidays of their own annex only; country-wide ones are the province's.
    const annexId = h.annexId ?? p.annexId;
    if (p.annexId && annexId !== p.annexId) throw new InvalidInput([{ field: 'annexId', reason: 'notAllowed', message: 'an annex admin adds holidays of their own annex' }]);
    if (annexId && !(await this.db.query(`SELECT 1 FROM annex WHERE id = $1`, [annexId])).length) {
      throw new InvalidInput([{ field: 'annexId', reason: 'unknown', message: 'no such annex' }]);
    }
    try {
      const [r] = await this.db.query(
        `INSERT INTO holiday (annex_id, day, month_day, name_ar, name_fr) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, to_char(day, 'YYYY-MM-DD') AS day, month_day, name_ar, name_fr, annex_id`,
        [annexId ?? null, h.day ?? null, h.monthDay ?? null, h.nameAr, h.nameFr],
      );
      this.calendars.invalidate();
      return toDto(r);
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new Conflict('duplicate-holiday', 'Holiday already listed', undefined, { errors: [{ field: h.day ? 'day' : 'monthDay', reason: 'unique', message: 'this date is already a holiday' }] });
      }
      throw e;
    }
  }

  async remove(id: string): Promise<void> {
    const [, n] = await this.db.query(`DELETE FROM holiday WHERE id = $1`, [id]);
    if (!n) throw new NotFound('Holiday');
    this.calendars.invalidate();
  }
}

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
  @ApiOperation({ summary: 'Add a holiday (e.g. this year\'s Eid dates once announced)' })
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
