import { InvalidInput } from '../errors/domain-error';

export const ROLES = ['citizen', 'reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: Role[] = ['reception', 'agent', 'supervisor', 'admin'];

export const CHANNELS = ['web', 'kiosk', 'counter', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who is calling: decoded from the access token (or an API key, for partners). */
export interface Principal {
  /** The account id: a citizen, staff member, device or partner. */
  id: string;
  kind: 'citizen' | 'staff' | 'partner';
  role: Role;
  /** The annex the caller acts in; null for a province-wide admin or a partner. */
  annexId: string | null;
  /** Counter number an agent sits at for this session. */
  counter: number | null;
  /** Partner scopes (`dossiers:update`, ...); empty for people. */
  scopes: string[];
  /** A partner's agency (the body dossiers are forwarded to); absent for people. */
  agencyCode?: string | null;
  /** The session (refresh-token family) an access token belongs to; checked at every request. */
  sessionId?: string;
  /** The channel this session acts through (a citizen signed in at the kiosk acts via `kiosk`). */
  channel: Channel;
  /** A role that needs a second factor signed in before setting one up: only its setup is reachable. */
  secondFactorPending?: boolean;
}

/**
 * The annex the caller acts in, for what only exists within an annex (its media, its figures,
 * its register): a province-wide account (annexId null) gets a 400 naming the field, not a 500
 * from a NOT NULL column or an empty answer.
 */
export function annexOf(p: Pick<Principal, 'annexId'>): string {
  if (!p.annexId)
    throw new InvalidInput([{ field: 'annex', reason: 'required', message: 'a province-wide account must act within an annex' }]);
  return p.annexId;
}

/** The channel a request from this principal arrives by. */
export function channelOf(p: Pick<Principal, 'role'>): Channel {
  switch (p.role) {
    case 'citizen':
      return 'web';
    case 'kiosk':
      return 'kiosk';
    case 'partner':
      return 'api';
    default:
      return 'counter';
  }
}

export interface AccessTokenClaims {
  sub: string;
  kind: Principal['kind'];
  role: Role;
  annexId: string | null;
  counter: number | null;
  /** Set when the session's channel is not the role's usual one (e.g. `kiosk` for a citizen at the GAU). */
  channel?: Channel;
  /** The session: the refresh-token family, checked at every request (revocation at the next call). */
  sid?: string;
  /** Set while an account whose role requires a second factor has none yet (see SECOND_FACTOR_SETUP_ROUTES). */
  mfaSetup?: boolean;
}

export function principalFromClaims(c: AccessTokenClaims): Principal {
  return {
    id: c.sub,
    kind: c.kind,
    role: c.role,
    annexId: c.annexId,
    counter: c.counter ?? null,
    scopes: [],
    channel: c.channel ?? channelOf({ role: c.role }),
    ...(c.sid ? { sessionId: c.sid } : {}),
    ...(c.mfaSetup ? { secondFactorPending: true } : {}),
  };
}
