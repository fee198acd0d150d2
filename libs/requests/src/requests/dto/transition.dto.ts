import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { REQUEST_STATES, RequestState } from '../state-machine';

export class TransitionDto {
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState' })
  @IsIn(REQUEST_STATES)
  to: RequestState;

  @ApiPropertyOptional({ description: 'Required for needs_info and rejected; the citizen\'s answer when leaving needs_info' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;

  @ApiProperty({ description: 'The version the caller last saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version: number;
}
