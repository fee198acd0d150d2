import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** Tifinagh letters (U+2D30–U+2D7F): a Tamazight text in another script is a mistake, not a translation. */
const TIFINAGH = /[\u2d30-\u2d7f]/;

/** A text in the three languages of the annex, and in Tamazight (Tifinagh) where it has one. */
export class LocalizedTextDto {
  @ApiProperty({ example: 'شهادة السكنى' }) @IsString() @Length(1, 4000) ar: string;
  @ApiProperty({ example: 'Certificat de résidence' }) @IsString() @Length(1, 4000) fr: string;
  @ApiProperty({ example: 'Residence certificate' }) @IsString() @Length(1, 4000) en: string;
  @ApiPropertyOptional({
    example: 'ⴰⵙⵍⴽⵉⵏ ⵏ ⵜⵏⵣⴷⵖⵜ',
    description: 'Tamazight in Tifinagh; absent where the annex has no reviewed translation',
  })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  @Matches(TIFINAGH, { message: 'zgh must be written in Tifinagh (U+2D30–U+2D7F)' })
  zgh?: string;
}

/** A certificate statement in the languages certificates are issued in. */
export class CertificateTemplateDto {
  @ApiProperty({ description: 'Arabic statement with {{placeholders}}' }) @IsString() @Length(1, 8000) ar: string;
  @ApiProperty({ description: 'French statement with {{placeholders}}' }) @IsString() @Length(1, 8000) fr: string;
}
