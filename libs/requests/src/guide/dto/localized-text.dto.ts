import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** A text in the three languages of the annex. */
export class LocalizedTextDto {
  @ApiProperty({ example: 'شهادة السكنى' }) @IsString() @Length(1, 4000) ar: string;
  @ApiProperty({ example: 'Certificat de résidence' }) @IsString() @Length(1, 4000) fr: string;
  @ApiProperty({ example: 'Residence certificate' }) @IsString() @Length(1, 4000) en: string;
}

/** A certificate statement in the languages certificates are issued in. */
export class CertificateTemplateDto {
  @ApiProperty({ description: 'Arabic statement with {{placeholders}}' }) @IsString() @Length(1, 8000) ar: string;
  @ApiProperty({ description: 'French statement with {{placeholders}}' }) @IsString() @Length(1, 8000) fr: string;
}
