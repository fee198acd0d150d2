#!/usr/bin/env node
// Builds what changed: the API and worker (SWC, type-checked separately by `npm run typecheck`)
// into dist/apps/{api,worker}/main.js (with the migration and demo-data CLIs in dist/scripts, which
// the Docker image runs), and the two SPAs (Vite) into apps/*/dist.
// Each part is skipped when a hash of its inputs matches the one stored beside its output at its
// last build (`--force` or BUILD_FORCE=1 rebuilds anyway). The lines "<part>: up to date" and
// "<part>: building" say which happened (the `npm start` test reads them).
const { execSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const say = (s) => process.stdout.write(`${s}\n`);
const force = process.argv.includes('--force') || process.env.BUILD_FORCE === '1';
const SKIP = new Set(['node_modules', 'dist', '.data', '.git']);

/** Content hash of files and folders (names and bytes, sorted), ignoring outputs and node_modules. */
function fingerprint(paths) {
  const h = createHash('sha256');
  const walk = (p) => {
    if (!existsSync(p)) return h.update(`missing:${p}\n`);
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) if (!SKIP.has(e) && !e.endsWith('.tsbuildinfo')) walk(join(p, e));
    } else {
      h.update(`${p}\n`).update(readFileSync(p));
    }
  };
  for (const p of paths) walk(p);
  return h.digest('hex');
}

function part(name, inputs, stampFile, build) {
  const stamp = fingerprint(inputs);
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) {
    say(`${name}: up to date`);
    return;
  }
  say(`${name}: building`);
  build();
  writeFileSync(stampFile, `${stamp}\n`);
}

// One build at a time on this tree (two test files may ask at once): an exclusive lock file,
// taken over when its holder is gone.
const LOCK = '.build.lock';
for (;;) {
  try {
    writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
    break;
  } catch {
    const holder = Number(readFileSync(LOCK, 'utf8') || 0);
    let alive = false;
    try {
      alive = holder > 0 && process.kill(holder, 0);
    } catch {
      /* gone */
    }
    if (!alive) rmSync(LOCK, { force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}
process.on('exit', () => rmSync(LOCK, { force: true }));

// Anything that changes compiled output: sources, compiler config, the lock file and this script.
const common = ['package-lock.json', 'scripts/build.js'];
part('api and worker', ['apps/api/src', 'apps/worker/src', 'libs', 'scripts/migrate.ts', 'scripts/seed-demo.ts', '.swcrc', ...common], 'dist/.build-stamp', () => {
  rmSync('dist', { recursive: true, force: true });
  // One SWC pass over apps/ and libs/ keeps the tree, so @app/* path rewrites stay valid; the two
  // CLIs land in dist/scripts so production runs migrations without a TypeScript loader.
  run('npx swc apps/api/src apps/worker/src libs scripts/migrate.ts scripts/seed-demo.ts --out-dir dist --config-file .swcrc --ignore "**/*.spec.ts,libs/web-kit/**" --quiet --copy-files');
  for (const app of ['api', 'worker']) {
    mkdirSync(`dist/apps/${app}`, { recursive: true });
    writeFileSync(`dist/apps/${app}/main.js`, `'use strict';\n// Entry point: ${app}\nrequire('./src/main.js');\n`);
  }
});
if (process.env.SKIP_WEB_BUILD !== '1') {
  for (const spa of ['citizen-web', 'agent-web']) {
    const dir = `apps/${spa}`;
    if (!existsSync(`${dir}/package.json`)) continue;
    part(spa, [dir, 'libs/api-client', 'libs/web-kit', ...common], `${dir}/dist/.build-stamp`, () => run(`npm run build --workspace ${dir}`));
  }
}

// Precompressed copies beside each text asset (brotli 11 and gzip 9, once at build time): the API
// serves them by Accept-Encoding, so nothing is compressed per request and a phone on 3G gets
// the smallest bytes. Files under 1 kB are left alone (the headers would outweigh the gain).
if (process.env.SKIP_WEB_BUILD !== '1') {
  const { readdirSync, readFileSync, statSync } = require('node:fs');
  const { join } = require('node:path');
  const zlib = require('node:zlib');
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const spa of ['citizen-web', 'agent-web']) {
    const dist = `apps/${spa}/dist`;
    if (!existsSync(dist)) continue;
    for (const file of walk(dist).filter((f) => /\.(js|css|html|svg|json|txt|webmanifest)$/.test(f) && statSync(f).size >= 1024)) {
      const bytes = readFileSync(file);
      writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
      writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
    }
  }
}
