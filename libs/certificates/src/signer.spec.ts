import { AppConfig } from '@app/core';
import { CertificateClaims, CertificateSigner } from './signer';

const claims: CertificateClaims = { n: 'OJ01-2026-C-000001', p: 'RESIDENCE', h: 'AB****56', d: '2026-12-02', v: '2027-03-02' };
const signer = (secret: string, retired?: string) =>
  new CertificateSigner({ JWT_SECRET: secret, CERT_SIGNING_KEYS_RETIRED: retired } as AppConfig);

describe('certificate signing keys', () => {
  it('keeps papers signed before a rotation valid, and publishes the old key after the current one', () => {
    const before = signer('the-key-before-the-rotation-000000000000000');
    const token = before.jws(claims);
    const signature = before.sign(claims);
    const oldX = before.jwk().x;

    const after = signer('the-key-after-the-rotation-0000000000000000', oldX);
    expect(after.kid).not.toBe(before.kid);
    expect(after.verifyJws(token)).toEqual(claims);
    expect(after.verify(claims, signature, before.kid)).toBe(true);
    expect(after.jwks().map((k) => k.kid)).toEqual([after.kid, before.kid]);
    // New papers carry the new key; a key nobody published verifies nothing.
    expect(after.verifyJws(after.jws(claims))).toEqual(claims);
    expect(signer('the-key-after-the-rotation-0000000000000000').verifyJws(token)).toBeNull();
    expect(after.verify(claims, signature, 'ffffffffffffffff')).toBe(false);
    expect(after.verify({ ...claims, h: 'ZZ****00' }, signature, before.kid)).toBe(false);
  });
});
