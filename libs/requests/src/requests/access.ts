import { NotFound, Principal, STAFF_ROLES } from '@app/core';
import { ServiceRequestRecord } from './request.record';

export const isStaff = (p: Principal) => p.kind === 'staff' && STAFF_ROLES.includes(p.role);

/**
 * A partner's binding: the request was forwarded to its own agency (or filed by it), in its annex
 * when the partner is bound to one. Reading also needs the `dossiers:read` scope.
 */
export function partnerBound(p: Principal, r: Pick<ServiceRequestRecord, 'annexId' | 'agencyCode' | 'filedBy'>): boolean {
  if (p.role !== 'partner') return false;
  if (p.annexId && p.annexId !== r.annexId) return false;
  return r.filedBy === p.id || (!!p.agencyCode && r.agencyCode === p.agencyCode);
}

/** Owner (or the proxy who filed it, while the mandate holds), staff of the request's annex (or province-wide), or the partner bound to it with `dossiers:read`. */
export function canSee(p: Principal, r: ServiceRequestRecord): boolean {
  // A proxy follows only the requests they filed under a mandate, and only while it holds.
  if (p.role === 'citizen') return r.citizenId === p.id || (r.proxyId === p.id && r.proxyActive);
  if (isStaff(p)) return p.annexId === null || p.annexId === r.annexId;
  if (p.role === 'partner') return p.scopes.includes('dossiers:read') && partnerBound(p, r);
  return false;
}

/** Someone who may not see a request learns nothing, not even that it exists. */
export function visibleOr404(p: Principal, r: ServiceRequestRecord | null): ServiceRequestRecord {
  if (!r || !canSee(p, r)) throw new NotFound('Request');
  return r;
}
