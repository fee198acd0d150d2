import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets for running the product locally when none is configured: made once and kept in the
 * data folder (mode 600), so sessions and certificate signatures survive restarts.
 */
export function localSecrets(dataDir: string): { JWT_SECRET: string; CERT_SIGNING_KEY: string } {
  mkdirSync(dataDir, { recursive: true });
  const keep = (name: string, make: () => string) => {
    const file = join(dataDir, name);
    if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600 });
    return readFileSync(file, 'utf8').trim();
  };
  return {
    JWT_SECRET: keep('jwt-secret', () => randomBytes(48).toString('base64url')),
    CERT_SIGNING_KEY: keep('cert-signing-key', () =>
      (generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
    ),
  };
}
