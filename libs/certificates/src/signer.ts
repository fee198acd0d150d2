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

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function privateKeyFrom(config: Pick<AppConfig, 'CERT_SIGNING_KEY' | 'JWT_SECRET'>): KeyObject {
  const k = config.CERT_SIGNING_KEY?.trim();
  if (k) return k.startsWith('-----') ? createPrivateKey(k) : createPrivateKey({ key: Buffer.from(k, 'base64'), format: 'der', type: 'pkcs8' });
  // Development and tests only (production requires the key): stable across restarts.
  const seed = Buffer.from(hkdfSync('sha256', config.JWT_SECRET, 'annex-certificates', 'ed25519-seed', 32));
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Signs certificate claims with the annex's Ed25519 key and publishes the public key as a JWK. */
@Injectable()
export class CertificateSigner {
  private readonly key: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid: string;

  constructor(config: AppConfig) {
    this.key = privateKeyFrom(config);
    this.publicKey = createPublicKey(this.key);
    const x = (this.publicKey.export({ format: 'jwk' }) as { x: string }).x;
    this.kid = createHash('sha256').update(x).digest('hex').slice(0, 16);
  }

  sign(c: CertificateClaims): string {
    return sign(null, canonical(c), this.key).toString('base64url');
  }

  verify(c: CertificateClaims, signature: string): boolean {
    try {
      return verify(null, canonical(c), this.publicKey, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  jwk(): Record<string, string> {
    return { ...(this.publicKey.export({ format: 'jwk' }) as Record<string, string>), kid: this.kid, alg: 'EdDSA', use: 'sig' };
  }
}
