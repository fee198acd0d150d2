import { Channel } from '@app/core';

/** `zgh` (Tamazight, Tifinagh) is optional: given where the annex has a reviewed translation. */
export type LocalizedText = { ar: string; fr: string; en: string; zgh?: string };

export const FIELD_TYPES = ['text', 'date', 'choice', 'number', 'file'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface ProcedureField {
  key: string;
  type: FieldType;
  required: boolean;
  label: LocalizedText;
  options?: { value: string; label: LocalizedText }[];
}

export const DOCUMENT_PROVIDERS = ['citizen', 'administration'] as const;
export type DocumentProvider = (typeof DOCUMENT_PROVIDERS)[number];

export interface ProcedureDocument {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  /** Law 55-19: a document another administration holds is obtained by the annex, never asked of the citizen. */
  providedBy?: DocumentProvider;
  /** For `administration`: which one holds it and the interoperability route it is asked through. */
  source?: { administration: LocalizedText; route: string; agencyCode?: string | null } | null;
}

/** A ground a refusal may cite (law 55-19: every refusal is justified). */
export interface RefusalGround {
  code: string;
  label: LocalizedText;
}

/** The legal frame of a procedure version (law 55-19 and its decrees). */
export interface LegalFrame {
  /** Maximum delay to decide, in working days of the annex's calendar. */
  maxDelayWorkingDays: number;
  delaySource: 'law' | 'decree';
  /** How the fee is paid (stamp, at the counter…); null when free. */
  feePayment: LocalizedText | null;
  /** Past the deadline without a decision, the request counts as accepted. */
  silenceMeansAcceptance: boolean;
  appealRoute: LocalizedText;
  refusalGrounds: RefusalGround[];
  /** The legal text behind this version's change (e.g. "Décret 2-20-660, art. 4"). */
  changeReference: string | null;
}

/** An abolished or merged certificate: still in the guide, no longer requested. */
export interface Abolition {
  /** YYYY-MM-DD */
  since: string;
  reference: string;
  instead: LocalizedText;
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
  legalFrame: LegalFrame | null;
  abolished: Abolition | null;
  createdAt: Date;
}
