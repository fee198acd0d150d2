import { Channel } from '@app/core';
import { RequestState } from './state-machine';

/** A request as the lifecycle hooks and the other domains see it (never the table row itself). */
export interface ServiceRequestRecord {
  id: string;
  annexId: string;
  citizenId: string;
  procedureCode: string;
  procedureVersionId: string;
  trackingCode: string;
  channel: Channel;
  filedBy: string;
  filedByKind: 'citizen' | 'staff' | 'partner';
  state: RequestState;
  assigneeId: string | null;
  counter: number | null;
  form: Record<string, unknown>;
  slaDueAt: Date;
  atRisk: boolean;
  overdue: boolean;
  submittedAt: Date;
  updatedAt: Date;
  decidedAt: Date | null;
  closedAt: Date | null;
  version: number;
  certificateNumber: string | null;
  /** The agency a forwarded request went to (null until forwarded). */
  agencyCode: string | null;
  /** Filed under a mandate: the adult who filed it for the owner (the mandator), and the mandate. */
  proxyId: string | null;
  mandateId: string | null;
  /** Whether the mandate still holds (active, not past its last day): only then does the proxy follow it. */
  proxyActive: boolean;
  /** Filed for a minor child of the owner (the child's own account owns it once they come of age). */
  dependentId: string | null;
}

/** The mandate a request was filed under still holds: active and not past its last day (local date). */
export const PROXY_ACTIVE = `(r.mandate_id IS NOT NULL AND EXISTS (SELECT 1 FROM mandate md WHERE md.id = r.mandate_id AND md.status = 'active'
     AND md.valid_until >= (now() AT TIME ZONE 'Africa/Casablanca')::date))`;

export const REQUEST_COLUMNS = `r.id, r.annex_id, r.citizen_id, r.procedure_code, r.procedure_version_id, r.tracking_code, r.channel,
  r.filed_by, r.filed_by_kind, r.state, r.assignee_id, r.counter, r.form, r.sla_due_at, r.at_risk, r.overdue, r.submitted_at,
  r.updated_at, r.decided_at, r.closed_at, r.version, r.certificate_number, r.agency_code, r.proxy_id, r.mandate_id, r.dependent_id,
  ${PROXY_ACTIVE} AS proxy_active`;

export function toRecord(r: Record<string, any>): ServiceRequestRecord {
  return {
    id: r.id,
    annexId: r.annex_id,
    citizenId: r.citizen_id,
    procedureCode: r.procedure_code,
    procedureVersionId: r.procedure_version_id,
    trackingCode: r.tracking_code,
    channel: r.channel,
    filedBy: r.filed_by,
    filedByKind: r.filed_by_kind,
    state: r.state,
    assigneeId: r.assignee_id,
    counter: r.counter,
    form: r.form,
    slaDueAt: r.sla_due_at,
    atRisk: r.at_risk,
    overdue: r.overdue,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    decidedAt: r.decided_at,
    closedAt: r.closed_at,
    version: r.version,
    certificateNumber: r.certificate_number,
    agencyCode: r.agency_code ?? null,
    proxyId: r.proxy_id ?? null,
    mandateId: r.mandate_id ?? null,
    proxyActive: r.proxy_active === true,
    dependentId: r.dependent_id ?? null,
  };
}
