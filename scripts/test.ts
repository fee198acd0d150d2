/**
 * `npm test`: the whole suite, on real PostgreSQL and Redis.
 *   lint → typecheck → (services: configured, or started locally) → jest unit + e2e → browser tests
 * With no DATABASE_URL / REDIS_URL it starts an embedded PostgreSQL and a redis-server, exactly
 * as `npm start` does, so a fresh machine runs it with nothing preinstalled.
 * Flags: --only-jest (skip lint, typecheck, browser tests), any other args go to jest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './lib/chromium';
import { ensureServices } from './lib/services';

const counts = { passed: 0, failed: 0 };

function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, capture = false): boolean {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', env, maxBuffer: 256 * 1024 * 1024 });
  if (capture) {
    const out = r.stdout.toString();
    process.stdout.write(out);
    // node:test's closing summary
    counts.passed += Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
    counts.failed += Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
  }
  const ok = r.status === 0;
  process.stdout.write(
    `=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return ok;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const onlyJest = args.includes('--only-jest');
  const jestArgs = args.filter((a) => a !== '--only-jest');
  const results: [string, boolean][] = [];

  if (!onlyJest) {
    results.push(['lint', step('lint', 'npx', ['eslint', '--max-warnings=0', '.'])]);
    // The repository's own .prettierrc, over the same files `npm run format` writes.
    results.push(['format', step('format', 'npm', ['run', '--silent', 'format:check'])]);
    results.push(['typecheck', step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])]);
    // The published spec, with a public linter (Redocly's recommended rules; offline).
    results.push(['openapi lint', step('openapi lint', 'npm', ['run', '--silent', 'lint:openapi'])]);
  }

  // The browser tests run in Chromium; the e2e tests read PDFs with poppler (pdftotext, pdffonts, pdftoppm).
  ensureChromium();
  const services = await ensureServices({ dataRoot: '.data/test', database: 'postgres' });
  const env = {
    ...process.env,
    DATABASE_URL: services.DATABASE_URL,
    REDIS_URL: services.REDIS_URL,
    NODE_ENV: 'test',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=4096`.trim(),
  };
  try {
    if (!onlyJest) {
      // The SPAs are served by the API; browser tests need them built.
      results.push(['web build', step('web build', 'node', ['scripts/build.js'], { ...env, NODE_ENV: 'production' })]);
    }
    const jestJson = '.data/test/jest-results.json';
    mkdirSync('.data/test', { recursive: true });
    rmSync(jestJson, { force: true });
    results.push(['jest', step('jest', 'npx', ['jest', '--ci', '--json', `--outputFile=${jestJson}`, ...jestArgs], env)]);
    if (existsSync(jestJson)) {
      const j = JSON.parse(readFileSync(jestJson, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
        numRuntimeErrorTestSuites: number;
      };
      counts.passed += j.numPassedTests;
      counts.failed += j.numFailedTests + j.numRuntimeErrorTestSuites;
    }
    if (!onlyJest) {
      // The benchmark in quick mode, so it cannot rot (figures are not asserted).
      results.push([
        'bench smoke',
        step('bench smoke', 'node', ['-r', '@swc-node/register', 'bench/smoke.ts'], { ...env, NODE_ENV: 'production' }),
      ]);
    }
    if (!onlyJest && existsSync('test/browser/run.ts')) {
      results.push(['browser', step('browser', 'node', ['-r', '@swc-node/register', 'test/browser/run.ts'], env, true)]);
    }
  } finally {
    await services.stop();
  }
  const failed = results.filter(([, ok]) => !ok).map(([n]) => n);
  process.stdout.write(`\ntest steps: ${results.length - failed.length} ok${failed.length ? `, failed: ${failed.join(', ')}` : ''}\n`);
  // The plain closing line CI reads (jest + browser tests together).
  process.stdout.write(`tests: ${counts.passed} passed, ${counts.failed + (failed.length && !counts.failed ? 1 : 0)} failed\n`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  },
);
