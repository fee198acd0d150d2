import { Principal } from '@app/core';

/** A partner's principal also carries which key it used, for the call audit. */
export interface PartnerPrincipal extends Principal {
  kind: 'partner';
  keyPrefix: string;
}

export const isPartner = (p: unknown): p is PartnerPrincipal => (p as Principal | undefined)?.kind === 'partner';
