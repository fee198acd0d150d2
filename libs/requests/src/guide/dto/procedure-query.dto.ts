import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '@app/core';

export const LANGUAGES = ['ar', 'fr', 'en'] as const;

export class ProcedureQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Full-text search over names and descriptions (prefixes match, accents ignored)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ example: 'civil_status' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, enumName: 'Language', description: 'Search only this language' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: (typeof LANGUAGES)[number];

  @ApiPropertyOptional({ example: 'BRK5', description: 'Only what this annex offers (its disabled procedures left out)' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9]{1,7}$/, { message: 'annex must be an annex code' })
  annex?: string;
}

export class NearestQueryDto {
  @ApiProperty({ description: 'What was searched', example: 'residanse' })
  @IsString()
  @Length(1, 200)
  q: string;
}
