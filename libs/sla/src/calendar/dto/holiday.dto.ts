import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { HolidayRow } from '../holidays.repository';

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

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A local holiday of this annex only (an annex admin: their own annex; omitted: the whole country)',
  })
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

export const toHolidayDto = (r: HolidayRow): HolidayDto => ({
  id: r.id,
  day: r.day,
  monthDay: r.month_day,
  nameAr: r.name_ar,
  nameFr: r.name_fr,
  annexOnly: !!r.annex_id,
});
