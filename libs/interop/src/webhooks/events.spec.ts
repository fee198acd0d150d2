import { retryAttempts, signatureHeader, verifySignature } from './events';

describe('webhook signing', () => {
  const body = JSON.stringify({ type: 'request.submitted', id: 'e1' });

  it('verifies its own signature and nothing else', () => {
    const header = signatureHeader('s3cret', body, 1_764_000_000);
    expect(header).toMatch(/^t=1764000000,v1=[0-9a-f]{64}$/);
    const now = 1_764_000_000_000;
    expect(verifySignature('s3cret', body, header, 300, now)).toBe(true);
    expect(verifySignature('other', body, header, 300, now)).toBe(false);
    expect(verifySignature('s3cret', `${body} `, header, 300, now)).toBe(false);
    expect(verifySignature('s3cret', body, header.replace('t=1764000000', 't=1764000001'), 300, now)).toBe(false);
    expect(verifySignature('s3cret', body, header, 300, now + 301_000)).toBe(false);
    expect(verifySignature('s3cret', body, 'garbage', 300, now)).toBe(false);
  });
});

describe('retryAttempts', () => {
  const span = (base: number, n: number) => base * (2 ** (n - 1) - 1);

  it.each([
    [60_000, 24 * 3600_000],
    [50, 24 * 3600_000],
    [1_000, 3600_000],
  ])('the fewest attempts doubling from %i ms whose waits span %i ms', (base, windowMs) => {
    const n = retryAttempts(base, windowMs);
    expect(span(base, n)).toBeGreaterThanOrEqual(windowMs);
    expect(span(base, n - 1)).toBeLessThan(windowMs);
  });

  it('is 12 attempts for the defaults (1 min, 24 h)', () => {
    expect(retryAttempts(60_000, 24 * 3600_000)).toBe(12);
  });
});
