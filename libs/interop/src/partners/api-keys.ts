import { createHash, randomBytes } from 'node:crypto';

/** Partner scopes a key may carry. */
export const PARTNER_SCOPES = ['dossiers:read', 'dossiers:update', 'requests:create', 'certificates:verify', 'webhooks:manage'] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

const KEY_PREFIX = 'ak_live_';
/** How much of a key stays visible (logs, lists): the marker and four characters, never enough to use it. */
const VISIBLE = KEY_PREFIX.length + 4;

export interface IssuedKey {
  key: string;
  prefix: string;
  hash: string;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A new random key; only its hash is stored, so it is shown once. */
export function newApiKey(): IssuedKey {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, VISIBLE), hash: hashKey(key) };
}
