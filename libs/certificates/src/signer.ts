import { createHash, createPrivateKey, createPublicKey, hkdfSync, KeyObject, sign, verify } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';

/** What the QR code's signature covers: what the paper shows, and nothing more. */
export interface CertificateClaims {
  /** Certificate number, e.g. BRK5-2026-C-000123 */
  n: string;
  /** Procedure code, e.g. RESIDENCE */
  p: string;
  /** Holder's CIN, masked as printed (AB****56) */
  h: string;
  /** Issue date, YYYY-MM-DD */
  d: string;
  /** Valid until, YYYY-MM-DD */
  v: string;
}

/** One canonical byte string per claims: keys in a fixed order, no spaces. */
export function canonical(c: CertificateClaims): Buffer {
  return Buffer.from(JSON.stringify({ n: c.n, p: c.p, h: c.h, d: c.d, v: c.v }), 'utf8');
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function privateKeyFrom(config: Pick<AppConfig, 'CERT_SIGNING_KEY' | 'JWT_SECRET'>): KeyObject {
  const k = config.CERT_SIGNING_KEY?.trim();
  if (k)
    return k.startsWith('-----') ? createPrivateKey(k) : createPrivateKey({ key: Buffer.from(k, 'base64'), format: 'der', type: 'pkcs8' });
  // Development and tests only (production requires the key): stable across restarts.
  const seed = Buffer.from(hkdfSync('sha256', config.JWT_SECRET, 'annex-certificates', 'ed25519-seed', 32));
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

const kidOf = (x: string) => createHash('sha256').update(x).digest('hex').slice(0, 16);

/**
 * Signs certificate claims with the platform's Ed25519 key (the province's deployment is the
 * issuing authority: one key for all its annexes, each paper naming its annex and carrying the key
 * id) and publishes the public keys as JWKs: the current one, and the retired ones a rotation
 * left (CERT_SIGNING_KEYS_RETIRED), so papers signed before a rotation keep verifying.
 */
@Injectable()
export class CertificateSigner {
  private readonly key: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid: string;
  /** Every key a paper may carry, current first: kid → public key. */
  private readonly keys = new Map<string, KeyObject>();

  constructor(config: AppConfig) {
    this.key = privateKeyFrom(config);
    this.publicKey = createPublicKey(this.key);
    const x = (this.publicKey.export({ format: 'jwk' }) as { x: string }).x;
    this.kid = kidOf(x);
    this.keys.set(this.kid, this.publicKey);
    for (const old of (config.CERT_SIGNING_KEYS_RETIRED ?? '').split(',').filter(Boolean)) {
      if (!this.keys.has(kidOf(old)))
        this.keys.set(kidOf(old), createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: old }, format: 'jwk' }));
    }
  }

  sign(c: CertificateClaims): string {
    return sign(null, canonical(c), this.key).toString('base64url');
  }

  /** `kid`: the key the certificate row says signed it (the current key when not given). */
  verify(c: CertificateClaims, signature: string, kid: string = this.kid): boolean {
    const key = this.keys.get(kid);
    if (!key) return false;
    try {
      return verify(null, canonical(c), key, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  /**
   * The claims as a compact JWS (RFC 7515, alg EdDSA over Ed25519, RFC 8037) with this key's id:
   * what the QR code carries, so anyone holding the published JWK can check a paper offline.
   * Ed25519 is deterministic: the same claims always give the same token.
   */
  jws(c: CertificateClaims): string {
    const input = `${b64(JSON.stringify({ alg: 'EdDSA', kid: this.kid }))}.${canonical(c).toString('base64url')}`;
    return `${input}.${sign(null, Buffer.from(input), this.key).toString('base64url')}`;
  }

  /** The claims of a compact JWS signed by this key, or null (bad signature, other key, bad shape). */
  verifyJws(token: string): CertificateClaims | null {
    const [h, p, sig, extra] = token.split('.');
    if (!h || !p || !sig || extra !== undefined) return null;
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; kid?: string };
      const key = header.alg === 'EdDSA' && header.kid ? this.keys.get(header.kid) : undefined;
      if (!key || !verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'))) return null;
      const c = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as CertificateClaims;
      return [c.n, c.p, c.h, c.d, c.v].every((x) => typeof x === 'string') ? c : null;
    } catch {
      return null;
    }
  }

  jwk(): Record<string, string> {
    return { ...(this.publicKey.export({ format: 'jwk' }) as Record<string, string>), kid: this.kid, alg: 'EdDSA', use: 'sig' };
  }

  /** Every published key, the current one first. */
  jwks(): Record<string, string>[] {
    return [...this.keys].map(([kid, key]) => ({
      ...(key.export({ format: 'jwk' }) as Record<string, string>),
      kid,
      alg: 'EdDSA',
      use: 'sig',
    }));
  }
}
