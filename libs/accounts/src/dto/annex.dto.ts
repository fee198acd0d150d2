import { PageQuery } from '@app/core';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsPhoneE164 } from './validators';

const TEXT = (min = 2, max = 200) => Length(min, max);

export class AnnexCreate {
  @ApiProperty({ example: 'OUJ3', description: 'Unique; the prefix of its tracking codes and certificate numbers' })
  @Matches(/^[A-Z][A-Z0-9]{1,7}$/, { message: 'code must be 2-8 capital letters or digits, starting with a letter' })
  code: string;
  @ApiProperty({ example: 'الملحقة الإدارية الثالثة' }) @IsString() @TEXT() nameAr: string;
  @ApiProperty({ example: 'Annexe administrative n°3' }) @IsString() @TEXT() nameFr: string;
  @ApiPropertyOptional({ description: 'Tamazight name (Tifinagh), when set', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @TEXT(1)
  nameZgh?: string | null;
  @ApiProperty({ example: "Préfecture d'Oujda-Angad", description: 'As printed' }) @IsString() @TEXT() province: string;
  @ApiProperty({ example: 'عمالة وجدة أنجاد' }) @IsString() @TEXT() provinceAr: string;
  @ApiProperty({ example: "Pachalik d'Oujda", description: 'Pachalik or caïdat, as printed' }) @IsString() @TEXT() pachalik: string;
  @ApiProperty({ example: 'باشوية وجدة' }) @IsString() @TEXT() pachalikAr: string;
  @ApiProperty({ example: 'Oujda', description: 'Where its papers are made ("Fait à …")' }) @IsString() @TEXT() cityFr: string;
  @ApiProperty({ example: 'وجدة' }) @IsString() @TEXT() cityAr: string;
  @ApiProperty({ example: '4 rue Al Massira, Oujda' }) @IsString() @TEXT() address: string;
  @ApiProperty({ example: '4 زنقة المسيرة، وجدة' }) @IsString() @TEXT() addressAr: string;
  @ApiPropertyOptional({ example: '+212536000000', nullable: true, type: String }) @IsOptional() @IsPhoneE164() phone?: string | null;
  @ApiPropertyOptional({ description: 'Signatory of its certificates (blank: the title alone is printed)' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  signatoryName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(120) signatoryNameAr?: string;
  @ApiProperty({ example: "Le Caïd de l'annexe administrative n°3" }) @IsString() @TEXT() signatoryTitleFr: string;
  @ApiProperty({ example: 'قائد الملحقة الإدارية الثالثة' }) @IsString() @TEXT() signatoryTitleAr: string;
  @ApiPropertyOptional({ description: 'Logo or emblem (https URL)', nullable: true, type: String })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  emblemUrl?: string | null;
  @ApiPropertyOptional({
    description:
      'Weekly opening hours: {"mon": ["08:30","16:30"], ...}, a day with several windows as [["08:30","12:00"],["14:00","16:30"]]; a day left out is closed',
    example: { mon: ['08:30', '16:30'], tue: ['08:30', '16:30'] },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  openingHours?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String], description: 'Procedure codes of the shared catalogue this annex does not offer' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { each: true, message: 'each disabled procedure must be a procedure code' })
  disabledProcedures?: string[];
}

/** Every field but the code (it is printed on papers already issued). */
export class AnnexPatch extends PartialType(OmitType(AnnexCreate, ['code'] as const)) {}

export const ANNEX_STATUSES = ['draft', 'open'] as const;

export class AnnexDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty({ nullable: true, type: String }) nameZgh: string | null;
  @ApiProperty() province: string;
  @ApiProperty() provinceAr: string;
  @ApiProperty() pachalik: string;
  @ApiProperty() pachalikAr: string;
  @ApiProperty() cityFr: string;
  @ApiProperty() cityAr: string;
  @ApiProperty() address: string;
  @ApiProperty() addressAr: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() signatoryName: string;
  @ApiProperty() signatoryNameAr: string;
  @ApiProperty() signatoryTitleFr: string;
  @ApiProperty() signatoryTitleAr: string;
  @ApiProperty({ nullable: true, type: String }) emblemUrl: string | null;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) openingHours: Record<string, unknown>;
  @ApiProperty({ type: [String] }) disabledProcedures: string[];
  @ApiProperty({ enum: ANNEX_STATUSES, enumName: 'AnnexStatus' }) status: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) openedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class NeighbourhoodImport {
  @ApiProperty({
    description:
      'CSV, one neighbourhood a line: code,nameAr,nameFr (a first line "code,nameAr,nameFr" is skipped; quotes as RFC 4180). A code already listed is renamed.',
    example: 'code,nameAr,nameFr\nHAY-AMAL,حي الأمل,Hay Al Amal',
  })
  @IsString()
  @Length(1, 200_000)
  csv: string;
}

export class NeighbourhoodImportDto {
  @ApiProperty({ description: 'Lines read' }) imported: number;
  @ApiProperty({ description: 'Neighbourhoods the annex now has' }) total: number;
}

export class CounterInput {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(999) number: number;
  @ApiPropertyOptional({ example: 'Guichet 1' }) @IsOptional() @IsString() @MaxLength(60) label?: string;
  @ApiProperty({ type: [String], example: ['A', 'C'], description: 'Service groups it serves (one capital letter each)' })
  @IsArray()
  @ArrayMaxSize(26)
  @Matches(/^[A-Z]$/, { each: true, message: 'each group must be one capital letter' })
  groups: string[];
}

export const CHECKLIST_ITEMS = ['identity', 'openingHours', 'neighbourhoods', 'counters', 'procedures', 'staff', 'devices'] as const;

export class ChecklistItemDto {
  @ApiProperty({ enum: CHECKLIST_ITEMS, enumName: 'AnnexChecklistItem' }) key: string;
  @ApiProperty() done: boolean;
  @ApiProperty({ description: 'What is there, or what is missing (for the admin, in English; the agent app words it from key)' })
  detail: string;
}

export class AnnexChecklistDto {
  @ApiProperty({ format: 'uuid' }) annexId: string;
  @ApiProperty({ enum: ANNEX_STATUSES, enumName: 'AnnexStatus' }) status: string;
  @ApiProperty({ description: 'Every item done: the annex may open' }) ready: boolean;
  @ApiProperty({ type: [ChecklistItemDto] }) items: ChecklistItemDto[];
}

export class AnnexListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ANNEX_STATUSES, enumName: 'AnnexStatus' }) @IsOptional() @IsIn(ANNEX_STATUSES) status?: string;
}
