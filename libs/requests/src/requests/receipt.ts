import { EntityManager } from 'typeorm';
import { addWorkingDays, WorkingCalendar } from '@app/core';
import { LocalizedText, ProcedureDefinition } from '../guide/procedure.types';
import { ServiceRequestRecord } from './request.record';

/** What a récépissé lists (law 55-19: a receipt for every filed request, given at once). */
export interface ReceiptContent {
  trackingCode: string;
  procedure: { code: string; version: number; name: LocalizedText };
  channel: string;
  /** The form as filed, each value under its label. */
  filed: { key: string; label: LocalizedText; value: string }[];
  /** The documents of the procedure and who provides each (the administration obtains some itself). */
  documents: { code: string; name: LocalizedText; providedBy: 'citizen' | 'administration' }[];
  feeMad: number;
  maxDelayWorkingDays: number | null;
  silenceMeansAcceptance: boolean;
  appealRoute: LocalizedText | null;
}

export interface ReceiptRecord {
  id: string;
  requestId: string;
  annexId: string;
  number: string;
  issuedAt: Date;
  legalDeadline: Date;
  content: ReceiptContent;
}

/**
 * The legal deadline of a request filed at `at`: the procedure's maximum delay in working days on
 * the annex calendar, or, where the guide has no legal frame yet, its published processing time.
 */
export function legalDeadline(at: Date, procedure: ProcedureDefinition, cal: WorkingCalendar, slaDueAt: Date): Date {
  return procedure.legalFrame ? addWorkingDays(at, procedure.legalFrame.maxDelayWorkingDays, cal) : slaDueAt;
}

/** `BRK5-2026-000123` → `BRK5-2026-R-000123`: one receipt per request, numbered with it. */
export const receiptNumber = (trackingCode: string) => trackingCode.replace(/-(\d+)$/, '-R-$1');

/** Writes the receipt of a new request on the submission's transaction. */
export async function issueReceipt(
  m: EntityManager,
  r: ServiceRequestRecord,
  procedure: ProcedureDefinition,
  deadline: Date,
): Promise<ReceiptRecord> {
  const content: ReceiptContent = {
    trackingCode: r.trackingCode,
    procedure: { code: procedure.code, version: procedure.version, name: procedure.name },
    channel: r.channel,
    filed: procedure.fields
      .filter((f) => f.type !== 'file' && r.form[f.key] !== undefined && r.form[f.key] !== null && r.form[f.key] !== '')
      .map((f) => {
        const raw = String(r.form[f.key]);
        const option = f.options?.find((o) => o.value === raw);
        return { key: f.key, label: f.label, value: option ? option.label.fr : raw };
      }),
    documents: procedure.documents.map((d) => ({ code: d.code, name: d.name, providedBy: d.providedBy ?? 'citizen' })),
    feeMad: procedure.feeMad,
    maxDelayWorkingDays: procedure.legalFrame?.maxDelayWorkingDays ?? null,
    silenceMeansAcceptance: procedure.legalFrame?.silenceMeansAcceptance ?? false,
    appealRoute: procedure.legalFrame?.appealRoute ?? null,
  };
  const [row] = await m.query(
    `INSERT INTO receipt (request_id, annex_id, number, issued_at, legal_deadline, content) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [r.id, r.annexId, receiptNumber(r.trackingCode), r.submittedAt, deadline, JSON.stringify(content)],
  );
  return {
    id: row.id,
    requestId: r.id,
    annexId: r.annexId,
    number: receiptNumber(r.trackingCode),
    issuedAt: r.submittedAt,
    legalDeadline: deadline,
    content,
  };
}

/** The receipt of a request (null for one filed before receipts existed). */
export async function findReceipt(m: EntityManager, requestId: string): Promise<ReceiptRecord | null> {
  const [row] = await m.query(
    `SELECT id, request_id, annex_id, number, issued_at, legal_deadline, content FROM receipt WHERE request_id = $1`,
    [requestId],
  );
  if (!row) return null;
  return {
    id: row.id,
    requestId: row.request_id,
    annexId: row.annex_id,
    number: row.number,
    issuedAt: row.issued_at,
    legalDeadline: row.legal_deadline,
    content: row.content,
  };
}
