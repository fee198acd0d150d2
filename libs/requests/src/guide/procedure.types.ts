import { Channel } from '@app/core';

export type LocalizedText = { ar: string; fr: string; en: string };

export const FIELD_TYPES = ['text', 'date', 'choice', 'number', 'file'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface ProcedureField {
  key: string;
  type: FieldType;
  required: boolean;
  label: LocalizedText;
  options?: { value: string; label: LocalizedText }[];
}

export interface ProcedureDocument {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
}

/** One version of a guide entry, as the other domains read it. */
export interface ProcedureDefinition {
  code: string;
  versionId: string;
  version: number;
  category: string;
  name: LocalizedText;
  description: LocalizedText;
  documents: ProcedureDocument[];
  feeMad: number;
  legalBasis: LocalizedText | null;
  slaHours: number;
  channels: Channel[];
  inPerson: boolean;
  external: boolean;
  externalAgency: LocalizedText | null;
  fields: ProcedureField[];
  issuesCertificate: boolean;
  certificateTemplate: { ar: string; fr: string } | null;
  createdAt: Date;
}
