import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsDateString, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { CalendarService, CurrentUser, FieldError, Forbidden, InvalidInput, NotFound, Principal, Public, Roles } from '@app/core';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class SeasonalHoursInput {
  @ApiPropertyOptional({ format: 'uuid', description: 'The annex (default: the admin’s own)' }) @IsOptional() @IsUUID() annexId?: string;
  @ApiProperty({ example: 'توقيت رمضان' }) @IsString() @Length(2, 100) nameAr: string;
  @ApiProperty({ example: 'Horaire de Ramadan' }) @IsString() @Length(2, 100) nameFr: string;
  @ApiProperty({ format: 'date', example: '2027-02-08' }) @IsDateString({ strict: true }) startsOn: string;
  @ApiProperty({ format: 'date', example: '2027-03-09' }) @IsDateString({ strict: true }) endsOn: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { mon: ['09:00', '15:00'], tue: ['09:00', '15:00'] },
    description: 'Hours per day (mon…sun): ["HH:mm","HH:mm"]; a day left out is closed',
  })
  @IsObject()
  openingHours: Record<string, [string, string]>;
}

export class SeasonalHoursQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() annexId?: string;
}

export class SeasonalHoursDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) annexId: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }) openingHours: Record<string, [string, string]>;
}

const toDto = (r: Record<string, any>): SeasonalHoursDto => ({
  id: r.id,
  annexId: r.annex_id,
  nameAr: r.name_ar,
  nameFr: r.name_fr,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  openingHours: r.opening_hours,
});
const COLUMNS = `id, annex_id, name_ar, name_fr, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, opening_hours`;

/** Seasonal opening hours per annex (Ramadan, summer): part of the working-time calendar. */
@Injectable()
export class SeasonalHoursService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  private annexOf(p: Principal | null, annexId: string | undefined): string {
    const id = annexId ?? p?.annexId;
    if (!id) throw new InvalidInput([{ field: 'annexId', reason: 'required', message: 'name the annex' }]);
    if (p?.annexId && id !== p.annexId) throw new Forbidden('An annex admin edits only their annex');
    return id;
  }

  async list(annexId: string | undefined): Promise<SeasonalHoursDto[]> {
    if (!annexId) throw new InvalidInput([{ field: 'annexId', reason: 'required', message: 'name the annex' }]);
    return (await this.db.query(`SELECT ${COLUMNS} FROM seasonal_hours WHERE annex_id = $1 ORDER BY starts_on, id`, [annexId])).map(toDto);
  }

  async add(h: SeasonalHoursInput, p: Principal): Promise<SeasonalHoursDto> {
    const annexId = this.annexOf(p, h.annexId);
    const errors: FieldError[] = [];
    if (h.endsOn < h.startsOn) errors.push({ field: 'endsOn', reason: 'order', message: 'the season ends on or after its first day' });
    for (const [day, window] of Object.entries(h.openingHours)) {
      if (!DAYS.includes(day)) errors.push({ field: `openingHours.${day}`, reason: 'unknown', message: `days are ${DAYS.join(', ')}` });
      else if (!Array.isArray(window) || window.length !== 2 || !window.every((v) => typeof v === 'string' && HHMM.test(v)) || window[0] >= window[1]) {
        errors.push({ field: `openingHours.${day}`, reason: 'format', message: 'hours are ["HH:mm","HH:mm"], opening before closing' });
      }
    }
    if (errors.length) throw new InvalidInput(errors);
    const [annex] = await this.db.query(`SELECT id FROM annex WHERE id = $1`, [annexId]);
    if (!annex) throw new InvalidInput([{ field: 'annexId', reason: 'unknown', message: 'no such annex' }]);
    const [row] = await this.db.query(
      `INSERT INTO seasonal_hours (annex_id, name_ar, name_fr, starts_on, ends_on, opening_hours) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [annexId, h.nameAr, h.nameFr, h.startsOn, h.endsOn, JSON.stringify(h.openingHours)],
    );
    this.calendars.invalidate();
    return toDto(row);
  }

  async remove(id: string, p: Principal): Promise<void> {
    const [, n] = await this.db.query(`DELETE FROM seasonal_hours WHERE id = $1 AND ($2::uuid IS NULL OR annex_id = $2)`, [id, p.annexId]);
    if (!n) throw new NotFound('Seasonal hours');
    this.calendars.invalidate();
  }
}

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
