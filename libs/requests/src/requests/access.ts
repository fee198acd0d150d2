import { NotFound, Principal, STAFF_ROLES } from '@app/core';
import { ServiceRequestRecord } from './request.record';

export const isStaff = (p: Principal) => p.kind === 'staff' && STAFF_ROLES.includes(p.role);

/** Owner, staff of the request's annex (or province-wide), or the partner handling it. */
export function canSee(p: Principal, r: ServiceRequestRecord): boolean {
  if (p.role === 'citizen') return r.citizenId === p.id;
  if (isStaff(p)) return p.annexId === null || p.annexId === r.annexId;
  if (p.role === 'partner') return r.filedBy === p.id || r.state === 'forwarded';
  return false;
}

/** Someone who may not see a request learns nothing, not even that it exists. */
export function visibleOr404(p: Principal, r: ServiceRequestRecord | null): ServiceRequestRecord {
  if (!r || !canSee(p, r)) throw new NotFound('Request');
  return r;
}
