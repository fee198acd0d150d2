import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { SeasonalHoursRow } from '../seasonal-hours.repository';

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
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }) openingHours: Record<
    string,
    [string, string]
  >;
}

export const toSeasonalHoursDto = (r: SeasonalHoursRow): SeasonalHoursDto => ({
  id: r.id,
  annexId: r.annex_id,
  nameAr: r.name_ar,
  nameFr: r.name_fr,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  openingHours: r.opening_hours,
});
