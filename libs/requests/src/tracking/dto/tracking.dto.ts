import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { LocalizedTextDto } from '../../guide/dto/localized-text.dto';
import { FiledForDto } from '../../requests/dto/filed-for.dto';
import { REQUEST_STATES, RequestState } from '../../requests/state-machine';

/**
 * The CIN only: tracking codes are sequential, so a low-entropy second factor (a birth date,
 * accepted before) let a stranger walk through dossiers.
 */
export class TrackingQueryDto {
  @ApiProperty({ example: 'BK123456', description: "The applicant's CIN" })
  @IsString()
  @Length(2, 12)
  cin: string;
}

/** What anyone holding the tracking code and the applicant's CIN may learn: nothing personal beyond initials. */
export class TrackingDto {
  @ApiProperty({ example: 'BRK5-2026-000123' }) trackingCode: string;
  @ApiProperty({ example: 'RESIDENCE' }) procedureCode: string;
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState' }) state: RequestState;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: LocalizedTextDto }) nextStep: LocalizedTextDto;
  @ApiPropertyOptional({ type: FiledForDto, description: 'Filed for someone else: both people, initials only (`Y. A.`)' })
  filedFor?: FiledForDto;
}
