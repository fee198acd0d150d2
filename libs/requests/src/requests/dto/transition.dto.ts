import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { REQUEST_STATES, RequestState } from '../state-machine';

export class TransitionDto {
  @ApiProperty({ enum: REQUEST_STATES, enumName: 'RequestState' })
  @IsIn(REQUEST_STATES)
  to: RequestState;

  @ApiPropertyOptional({ description: "Required for needs_info and rejected; the citizen's answer when leaving needs_info" })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;

  @ApiPropertyOptional({
    example: 'NOT_RESIDENT',
    description: "Refusal: one of the procedure's legal grounds (required when the guide lists them)",
  })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'ground must be an upper-case code' })
  ground?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['PHOTO'],
    description: 'needs_info: the codes of the documents asked for (never one the administration obtains itself)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { each: true, message: 'each document must be an upper-case code' })
  documents?: string[];

  @ApiProperty({ description: 'The version the caller last saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version: number;
}
