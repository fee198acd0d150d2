import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel } from '@app/core';
import { DOCUMENT_PROVIDERS, DocumentProvider, FIELD_TYPES, FieldType, ProcedureDefinition } from '../procedure.types';
import { AbolitionDto, DocumentSourceDto, LegalFrameDto } from './legal-frame.dto';
import { CertificateTemplateDto, LocalizedTextDto } from './localized-text.dto';

export class FieldOptionDto {
  @ApiProperty() value: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
}

export class ProcedureFieldDto {
  @ApiProperty({ example: 'addressLine' }) key: string;
  @ApiProperty({ enum: FIELD_TYPES, enumName: 'FieldType' }) type: FieldType;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiPropertyOptional({ type: [FieldOptionDto], description: 'Allowed values of a choice field' }) options?: FieldOptionDto[];
}

export class ProcedureDocumentDto {
  @ApiProperty({ example: 'CIN' }) code: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) description: LocalizedTextDto;
  @ApiProperty({
    enum: DOCUMENT_PROVIDERS,
    enumName: 'DocumentProvider',
    description: 'citizen: they bring it; administration: the annex obtains it',
  })
  providedBy: DocumentProvider;
  @ApiProperty({ type: DocumentSourceDto, nullable: true }) source: DocumentSourceDto | null;
}

/** A guide entry, at one version. */
export class ProcedureDto {
  @ApiProperty({ example: 'RESIDENCE' }) code: string;
  @ApiProperty({ example: 'residence' }) category: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) description: LocalizedTextDto;
  @ApiProperty({ type: [ProcedureDocumentDto] }) documents: ProcedureDocumentDto[];
  @ApiProperty({ example: 0, description: 'Fee in Moroccan dirhams (0 when free)' }) feeMad: number;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) legalBasis: LocalizedTextDto | null;
  @ApiProperty({ example: 24, description: 'Target processing time in working hours' }) slaHours: number;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel', isArray: true }) channels: Channel[];
  @ApiProperty({ description: 'The applicant must come in person' }) inPerson: boolean;
  @ApiProperty({ description: 'Handled by another administration; the annex is the intake and follow-up point' }) external: boolean;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) externalAgency: LocalizedTextDto | null;
  @ApiProperty({ type: [ProcedureFieldDto] }) fields: ProcedureFieldDto[];
  @ApiProperty() issuesCertificate: boolean;
  @ApiProperty({ type: CertificateTemplateDto, nullable: true }) certificateTemplate: CertificateTemplateDto | null;
  @ApiProperty({ type: LegalFrameDto, nullable: true, description: 'Law 55-19 frame (null when not yet published)' })
  legalFrame: LegalFrameDto | null;
  @ApiProperty({ type: AbolitionDto, nullable: true, description: 'Abolished: since when, and what to do instead' })
  abolished: AbolitionDto | null;
  @ApiProperty({ example: 1, description: 'Guide version; a request keeps the version it was made under' }) version: number;
  @ApiProperty({ format: 'uuid' }) versionId: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export function toProcedureDto(p: ProcedureDefinition): ProcedureDto {
  return {
    code: p.code,
    category: p.category,
    name: p.name,
    description: p.description,
    documents: p.documents.map((d) => ({
      code: d.code,
      name: d.name,
      description: d.description,
      providedBy: d.providedBy ?? 'citizen',
      source: d.source ?? null,
    })),
    feeMad: p.feeMad,
    legalBasis: p.legalBasis,
    slaHours: p.slaHours,
    channels: p.channels,
    inPerson: p.inPerson,
    external: p.external,
    externalAgency: p.externalAgency,
    fields: p.fields,
    issuesCertificate: p.issuesCertificate,
    certificateTemplate: p.certificateTemplate,
    legalFrame: p.legalFrame,
    abolished: p.abolished,
    version: p.version,
    versionId: p.versionId,
    updatedAt: p.createdAt.toISOString(),
  };
}
