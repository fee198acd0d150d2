import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional } from 'class-validator';

/** A period of whole local days, both ends included; each endpoint says its default. */
export class DayPeriodQuery {
  @ApiPropertyOptional({ format: 'date', description: 'First local day' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last local day, included' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}
