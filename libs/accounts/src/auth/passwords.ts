import * as argon2 from 'argon2';

// OWASP-recommended argon2id parameters (19 MiB, 2 iterations), enough and cheap on 2 cores.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string) => argon2.hash(plain, OPTIONS);

/** A hash to verify against when the account does not exist, so timing does not tell. */
let dummy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, plain: string): Promise<boolean> {
  if (!hash) {
    await argon2.verify(await (dummy ??= hashPassword('not-a-real-password')), plain).catch(() => false);
    return false;
  }
  return argon2.verify(hash, plain).catch(() => false);
}
