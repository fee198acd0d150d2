import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CHANNELS, Channel } from '@app/core';
import { FiledForDto } from '@app/requests';
import { RECEIPT_LANGUAGES, ReceiptLanguage } from './receipt-text';

class ReceiptTextDto {
  @ApiProperty() ar: string;
  @ApiProperty() fr: string;
  @ApiProperty() en: string;
}

class ReceiptAnnexDto {
  @ApiProperty({ example: 'BRK5' }) code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() address: string;
}

class ReceiptProcedureDto {
  @ApiProperty({ example: 'RESIDENCE' }) code: string;
  @ApiProperty({ description: 'The guide version the request was filed under' }) version: number;
  @ApiProperty({ type: ReceiptTextDto }) name: ReceiptTextDto;
}

class ReceiptFiledDto {
  @ApiProperty() key: string;
  @ApiProperty({ type: ReceiptTextDto }) label: ReceiptTextDto;
  @ApiProperty() value: string;
}

class ReceiptDocumentDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: ReceiptTextDto }) name: ReceiptTextDto;
  @ApiProperty({ enum: ['citizen', 'administration'], enumName: 'DocumentProvider' }) providedBy: 'citizen' | 'administration';
}

/** The récépissé of a filed request (law 55-19), as JSON; the same content as its PDF. */
export class ReceiptDto {
  @ApiProperty({ example: 'BRK5-2026-R-000123' }) number: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ example: 'BRK5-2026-000123' }) trackingCode: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ format: 'date-time', description: 'The legal deadline, on the annex working-time calendar' }) legalDeadline: string;
  @ApiProperty({ example: '2026-12-09', description: 'The deadline as a local date of the annex' }) legalDeadlineDate: string;
  @ApiProperty({ type: ReceiptAnnexDto }) annex: ReceiptAnnexDto;
  @ApiProperty({ type: ReceiptProcedureDto }) procedure: ReceiptProcedureDto;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' }) channel: Channel;
  @ApiProperty({ type: [ReceiptFiledDto], description: 'What was filed' }) filed: ReceiptFiledDto[];
  @ApiProperty({ type: [ReceiptDocumentDto] }) documents: ReceiptDocumentDto[];
  @ApiProperty() feeMad: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Legal maximum delay in working days (null: the published processing time applies)',
  })
  maxDelayWorkingDays: number | null;
  @ApiProperty({ description: 'Past the deadline without a decision, the request is accepted' }) silenceMeansAcceptance: boolean;
  @ApiProperty({ type: ReceiptTextDto, nullable: true }) appealRoute: ReceiptTextDto | null;
  @ApiPropertyOptional({ type: FiledForDto, description: 'Filed for someone else: who it is for and who filed it' }) filedFor?: FiledForDto;
  @ApiProperty({ description: 'Where to follow the request' }) trackUrl: string;
}

/** The PDF's left column: French (the default) or English; the right one is always Arabic. */
export class ReceiptPdfQuery {
  @ApiPropertyOptional({ enum: RECEIPT_LANGUAGES, enumName: 'ReceiptLanguage', default: 'fr' })
  @IsOptional()
  @IsIn(RECEIPT_LANGUAGES)
  lang?: ReceiptLanguage;
}
