import { spawnSync } from 'node:child_process';

/** Starts the real API entry point with the given environment and returns how it ended. */
function start(env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stderr: r.stderr };
}

const valid = {
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
  JWT_SECRET: 'x'.repeat(40),
};

describe('configuration is validated at start', () => {
  it.each([
    ['PORT', { ...valid, PORT: 'eighty' }],
    ['DATABASE_URL', { ...valid, DATABASE_URL: 'mysql://nope' }],
    ['DATABASE_URL', { ...valid, DATABASE_URL: undefined }],
    ['JWT_SECRET', { ...valid, JWT_SECRET: 'short' }],
    ['SMS_HTTP_URL', { ...valid, SMS_PROVIDER: 'http' }],
  ])('a bad %s stops the process with one line naming it', (name, env) => {
    const { code, stderr } = start(env);
    expect(code).toBe(78);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('never prints a secret it rejects', () => {
    const { stderr } = start({ ...valid, JWT_SECRET: 'tiny-secret' });
    expect(stderr).toContain('JWT_SECRET');
    expect(stderr).not.toContain('tiny-secret');
  });
});
