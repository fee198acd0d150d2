/**
 * Checks a certificate's QR token in the browser itself (WebCrypto Ed25519): a compact JWS
 * `header.claims.signature` signed with the annex's key, whose public JWK is published at
 * /api/v1/verify/keys and kept here after the first visit, so a paper can be checked without a
 * connection (docs/verify.md does the same in a few lines of Node).
 */
export interface SignedClaims {
  /** certificate number */
  n: string;
  /** procedure code */
  p: string;
  /** holder's masked CIN */
  h: string;
  /** issue date, YYYY-MM-DD */
  d: string;
  /** valid until, YYYY-MM-DD */
  v: string;
}

type Jwk = JsonWebKey & { kid?: string };
const KEYS = 'annex.verify.keys';

/** The published keys: fetched when online (and remembered), the remembered ones otherwise. */
export async function publishedKeys(): Promise<{ keys: Jwk[]; online: boolean }> {
  try {
    const res = await fetch('/api/v1/verify/keys');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { keys } = (await res.json()) as { keys: Jwk[] };
    localStorage.setItem(KEYS, JSON.stringify(keys));
    return { keys, online: true };
  } catch {
    return { keys: JSON.parse(localStorage.getItem(KEYS) ?? '[]') as Jwk[], online: false };
  }
}

const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const json = <T>(b64url: string): T => JSON.parse(new TextDecoder().decode(bytes(b64url))) as T;

/** The claims when the token's signature is the annex's; null for anything else. */
export async function verifiedClaims(token: string, keys: Jwk[]): Promise<SignedClaims | null> {
  const [h, p, s, extra] = token.split('.');
  if (!h || !p || !s || extra !== undefined) return null;
  try {
    const header = json<{ alg?: string; kid?: string }>(h);
    const jwk = keys.find((k) => k.kid === header.kid);
    if (header.alg !== 'EdDSA' || !jwk) return null;
    const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, bytes(s), new TextEncoder().encode(`${h}.${p}`)))) return null;
    const c = json<SignedClaims>(p);
    return [c.n, c.p, c.h, c.d, c.v].every((x) => typeof x === 'string') ? c : null;
  } catch {
    return null;
  }
}
