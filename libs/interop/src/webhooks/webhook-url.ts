import { isIP } from 'node:net';
import { InvalidInput } from '@app/core';

const PRIVATE_V4 = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^169\.254\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];
const LOOPBACK = (h: string) => h === 'localhost' || /^127\./.test(h) || h === '::1';

/**
 * Refuses literal private and link-local addresses (the platform must not be a way into the
 * annex network). Loopback is allowed outside production only, for local receivers and tests.
 * Host names are not resolved here: a DNS name pointing inside is the egress firewall's job.
 */
export function checkWebhookUrl(raw: string, production: boolean): void {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const bad = (message: string) => new InvalidInput([{ field: 'url', reason: 'address', message }]);
  if (LOOPBACK(host)) {
    if (production) throw bad('url must not point to the loopback interface');
    return;
  }
  if (isIP(host) === 4 && PRIVATE_V4.some((r) => r.test(host))) throw bad('url must not point to a private network address');
  if (isIP(host) === 6 && /^(fc|fd|fe80)/.test(host)) throw bad('url must not point to a private network address');
  if (url.username || url.password) throw bad('url must not carry credentials');
}
