import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, Channel } from '@app/core';
import { DOCUMENT_PROVIDERS, DocumentProvider, FIELD_TYPES, FieldType } from '../procedure.types';
import { AbolitionDto, DocumentSourceDto, LegalFrameDto } from './legal-frame.dto';
import { CertificateTemplateDto, LocalizedTextDto } from './localized-text.dto';

export class FieldOptionInputDto {
  @ApiProperty() @IsString() @Matches(/^[a-z0-9_]{1,64}$/, { message: 'value must be a lower-case code' }) value: string;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) label: LocalizedTextDto;
}

export class ProcedureFieldInputDto {
  @ApiProperty({ example: 'addressLine' })
  @Matches(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, { message: 'key must be a camelCase identifier' })
  key: string;
  @ApiProperty({ enum: FIELD_TYPES, enumName: 'FieldType' }) @IsIn(FIELD_TYPES) type: FieldType;
  @ApiProperty() @IsBoolean() required: boolean;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) label: LocalizedTextDto;
  @ApiPropertyOptional({ type: [FieldOptionInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FieldOptionInputDto)
  options?: FieldOptionInputDto[];
}

export class ProcedureDocumentInputDto {
  @ApiProperty({ example: 'CIN' }) @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'code must be an upper-case code' }) code: string;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) name: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) description: LocalizedTextDto;
  @ApiPropertyOptional({ enum: DOCUMENT_PROVIDERS, enumName: 'DocumentProvider', description: 'Who provides it (default citizen)' })
  @IsOptional()
  @IsIn(DOCUMENT_PROVIDERS)
  providedBy?: DocumentProvider;
  @ApiPropertyOptional({ type: DocumentSourceDto, nullable: true, description: 'Required when the administration obtains it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DocumentSourceDto)
  source?: DocumentSourceDto | null;
}

/** PUT /procedures/{code}: the whole entry; it becomes the next version. */
export class ProcedureVersionInputDto {
  @ApiProperty({ example: 'residence' }) @Matches(/^[a-z_]{1,32}$/, { message: 'category must be a lower-case code' }) category: string;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) name: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) description: LocalizedTextDto;
  @ApiProperty({ type: [ProcedureDocumentInputDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ProcedureDocumentInputDto)
  documents: ProcedureDocumentInputDto[];
  @ApiProperty({ example: 0 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100000) feeMad: number;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  legalBasis?: LocalizedTextDto | null;
  @ApiProperty({ example: 24 }) @IsInt() @Min(1) @Max(10000) slaHours: number;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels: Channel[];
  @ApiProperty() @IsBoolean() inPerson: boolean;
  @ApiProperty() @IsBoolean() external: boolean;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  externalAgency?: LocalizedTextDto | null;
  @ApiProperty({ type: [ProcedureFieldInputDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProcedureFieldInputDto)
  fields: ProcedureFieldInputDto[];
  @ApiProperty() @IsBoolean() issuesCertificate: boolean;
  @ApiPropertyOptional({ type: CertificateTemplateDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CertificateTemplateDto)
  certificateTemplate?: CertificateTemplateDto | null;
  @ApiPropertyOptional({
    type: LegalFrameDto,
    nullable: true,
    description: 'Law 55-19: delay, appeal, refusal grounds, silence-means-acceptance',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalFrameDto)
  legalFrame?: LegalFrameDto | null;
  @ApiPropertyOptional({
    type: AbolitionDto,
    nullable: true,
    description: 'Set when the certificate was abolished: it can no longer be requested',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => AbolitionDto)
  abolished?: AbolitionDto | null;
}

/** POST /procedures: a new guide entry (version 1). */
export class CreateProcedureDto extends ProcedureVersionInputDto {
  @ApiProperty({ example: 'RESIDENCE' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'code must be 2-32 upper-case letters, digits or _' })
  code: string;
}
