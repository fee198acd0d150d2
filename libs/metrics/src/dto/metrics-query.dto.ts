import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DayPeriodQuery } from '@app/core';

export const GROUP_BY = ['agent', 'procedure', 'channel', 'counter', 'day', 'week', 'month'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Default period: the last 30 days to today. */
export class ProcessingTimesQuery extends DayPeriodQuery {
  @ApiPropertyOptional({ enum: GROUP_BY, enumName: 'MetricsGroupBy', default: 'procedure' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy?: GroupBy;

  @ApiPropertyOptional({ format: 'uuid', description: 'One agent only (supervisors; an agent may name only themself)' })
  @IsOptional()
  @IsUUID()
  agentId?: string;
}

export const CENSUS_BY = ['neighbourhood', 'age', 'sex'] as const;
export type CensusBy = (typeof CENSUS_BY)[number];

export class CensusQuery {
  @ApiPropertyOptional({ enum: CENSUS_BY, enumName: 'CensusBy', default: 'neighbourhood' })
  @IsOptional()
  @IsIn(CENSUS_BY)
  by?: CensusBy;

  @ApiPropertyOptional({ enum: ['json', 'csv'], enumName: 'CensusFormat', default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
