import { InvalidInput, FieldError } from '@app/core';
import { LocalizedText, ProcedureDefinition, RefusalGround } from '../guide/procedure.types';
import { RequestState } from './state-machine';

export interface DecisionInput {
  to: RequestState;
  reason?: string | null;
  ground?: string;
  documents?: string[];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const names = (t: LocalizedText) => [t.ar, t.fr, t.en].filter((n) => n && n.trim().length >= 3).map(fold);

/**
 * Law 55-19 on a decision: a refusal cites one of the procedure's legal grounds; a request for
 * more information never asks the citizen for a document the administration obtains itself
 * (neither by its code nor by naming it in the text). Returns the ground cited, if any.
 */
export function checkDecision(procedure: Pick<ProcedureDefinition, 'legalFrame' | 'documents'>, cmd: DecisionInput): RefusalGround | null {
  const errors: FieldError[] = [];
  let ground: RefusalGround | null = null;
  const grounds = procedure.legalFrame?.refusalGrounds ?? [];
  if (cmd.to === 'rejected' && grounds.length) {
    ground = grounds.find((g) => g.code === cmd.ground) ?? null;
    if (!cmd.ground) {
      errors.push({
        field: 'ground',
        reason: 'required',
        message: `a refusal cites its legal ground: one of ${grounds.map((g) => g.code).join(', ')}`,
      });
    } else if (!ground) {
      errors.push({
        field: 'ground',
        reason: 'unknown',
        message: `${cmd.ground} is not a legal ground of this procedure (${grounds.map((g) => g.code).join(', ')})`,
      });
    }
  } else if (cmd.ground) {
    errors.push({
      field: 'ground',
      reason: 'notAllowed',
      message: 'a legal ground is cited by a refusal of a procedure that lists grounds',
    });
  }
  if (cmd.to === 'needs_info') {
    const byCode = new Map(procedure.documents.map((d) => [d.code, d]));
    (cmd.documents ?? []).forEach((code, i) => {
      const d = byCode.get(code);
      if (!d) errors.push({ field: `documents.${i}`, reason: 'unknown', message: `${code} is not a document of this procedure` });
      else if (d.providedBy === 'administration') {
        errors.push({
          field: `documents.${i}`,
          reason: 'obtainedByAdministration',
          message: `${code} is obtained by the administration itself; it cannot be asked of the citizen`,
        });
      }
    });
    const text = fold(cmd.reason ?? '');
    for (const d of procedure.documents) {
      if (d.providedBy !== 'administration') continue;
      if (names(d.name).some((n) => text.includes(n))) {
        errors.push({
          field: 'reason',
          reason: 'obtainedByAdministration',
          message: `${d.code} is obtained by the administration itself; it cannot be asked of the citizen`,
        });
      }
    }
  } else if (cmd.documents?.length) {
    errors.push({ field: 'documents', reason: 'notAllowed', message: 'documents are named by a request for more information' });
  }
  if (errors.length) throw new InvalidInput(errors);
  return ground;
}
