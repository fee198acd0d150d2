import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Length, Matches } from 'class-validator';
import { LocalizedTextDto } from '../../guide/dto/localized-text.dto';
import { REQUEST_STATES, RequestState } from '../../requests/state-machine';

export class TrackingQueryDto {
  @ApiPropertyOptional({ example: 'BK123456', description: "The applicant's CIN (or give birthDate)" })
  @IsOptional()
  @Length(2, 12)
  cin?: string;

  @ApiPropertyOptional({ example: '1990-04-12', description: "The applicant's birth date (or give cin)" })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date (YYYY-MM-DD)' })
  birthDate?: string;
}

/** What anyone holding the tracking code and the applicant's CIN may learn: nothing personal. */
export class TrackingDto {
  @ApiProperty({ example: 'BRK5-2026-000123' }) trackingCode: string;
  @ApiProperty({ example: 'RESIDENCE' }) procedureCode: string;
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState' }) state: RequestState;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: LocalizedTextDto }) nextStep: LocalizedTextDto;
}
