import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CHANNELS, Channel, PageQuery } from '@app/core';
import { REQUEST_STATES, RequestState } from '../state-machine';

const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value);

export class RequestQueryDto extends PageQuery {
  @ApiPropertyOptional({
    description: 'One state, or several separated by commas; staff default: every open state',
    example: 'submitted,in_review',
  })
  @IsOptional()
  @Transform(list)
  @IsIn(REQUEST_STATES, { each: true, message: `state must be among ${REQUEST_STATES.join(', ')}` })
  state?: RequestState[];

  @ApiPropertyOptional({ example: 'RESIDENCE' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'procedure must be a procedure code' })
  procedure?: string;

  @ApiPropertyOptional({ enum: CHANNELS, enumName: 'Channel' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ description: 'Only requests past their SLA due time' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ['me'], description: 'Only requests assigned to the caller' })
  @IsOptional()
  @IsIn(['me'])
  assignee?: 'me';

  @ApiPropertyOptional({ description: 'Staff: a tracking code, a CIN or a name' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;
}
