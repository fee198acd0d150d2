/**
 * CPU profile of the built API under load (a developer's tool behind the bench's figures):
 *   node -r @swc-node/register scripts/profile-api.ts <path> [seconds] [autocannon options: -H 'k: v', -m POST, -b body …]
 *   PROFILE_LOGIN=<login> signs in first and sends the token; PROFILE_SUBMIT=1 posts residence
 *   requests (a new Idempotency-Key each) to <path> instead.
 * Needs DATABASE_URL and REDIS_URL; writes the .cpuprofile to PROFILE_OUT (default .data/profile)
 * and prints the functions where the API spends its own time.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { localSecrets } from './lib/secrets';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

async function main(): Promise<void> {
  const [path = '/api/v1/procedures', seconds = '10', ...loadArgs] = process.argv.slice(2);
  const out = process.env.PROFILE_OUT ?? '.data/profile';
  mkdirSync(out, { recursive: true });
  Object.assign(process.env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000',
    ...localSecrets(join(out, 'secrets')),
  });
  const { createApiApp } = await import('../apps/api/src/bootstrap');
  const app = await createApiApp();
  // PRODUCT_PORT pins the port (a shared machine may allow only a range), as scripts/lib/product.ts does.
  await app.listen({ port: Number(process.env.PRODUCT_PORT) || 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}${path}`;
  if (process.env.PROFILE_LOGIN) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: process.env.PROFILE_LOGIN, password: process.env.DEMO_PASSWORD || 'Annexe2026!' }),
    });
    loadArgs.push('-H', `authorization: Bearer ${((await res.json()) as { accessToken: string }).accessToken}`);
  }
  // The load comes from another process, so the profile holds the API's time only.
  const load = async (connections: number, duration: number) => {
    const args = ['-j', '-c', String(connections), '-d', String(duration), ...loadArgs, url];
    const { stdout } = process.env.PROFILE_SUBMIT
      ? await promisify(execFile)(
          process.execPath,
          [join(__dirname, 'lib', 'submit-load.js'), url, String(connections), String(duration), ...loadArgs],
          { maxBuffer: 64 * 1024 * 1024 },
        )
      : await promisify(execFile)(join('node_modules', '.bin', 'autocannon'), args, { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number }; non2xx: number };
  };
  await load(10, 2); // warm-up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await load(50, Number(seconds));
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: Node[]; samples: number[] } };
  writeFileSync(join(out, 'api.cpuprofile'), JSON.stringify(profile));
  await app.close();
  const self = new Map<string, number>();
  const total = profile.samples.length;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const id of profile.samples) {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(process.cwd(), '.')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  // By package: where the time goes at a glance.
  const byPackage = new Map<string, number>();
  for (const [k, n] of self) {
    const m = /\s(@[^/]+\/[^/]+|[^/.][^/]*)\//.exec(k);
    const pkg = k.includes('node_modules') || m ? (m?.[1] ?? k) : k.split(' ')[0];
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
  }
  process.stdout.write(`${path}: ${result.requests.average} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}\n`);
  process.stdout.write('self time, top 25 functions:\n');
  for (const [k, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    process.stdout.write(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  process.stdout.write('self time by package:\n');
  for (const [k, n] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15))
    process.stdout.write(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  process.exit(0);
}

void main();
