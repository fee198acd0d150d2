#!/usr/bin/env node
// Builds everything: the API and worker (SWC, type-checked separately by `npm run typecheck`)
// into dist/apps/{api,worker}/main.js, and the two SPAs (Vite) into apps/*/dist.
const { execSync } = require('node:child_process');
const { existsSync, writeFileSync, mkdirSync, rmSync } = require('node:fs');
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
// One SWC pass over apps/ and libs/ keeps the tree, so @app/* path rewrites stay valid.
run('npx swc apps/api/src apps/worker/src libs --out-dir dist --config-file .swcrc --ignore "**/*.spec.ts" --quiet --copy-files');
for (const app of ['api', 'worker']) {
  mkdirSync(`dist/apps/${app}`, { recursive: true });
  writeFileSync(`dist/apps/${app}/main.js`, `'use strict';\n// Entry point: ${app}\nrequire('./src/main.js');\n`);
}
if (process.env.SKIP_WEB_BUILD !== '1') {
  for (const spa of ['citizen-web', 'agent-web']) {
    if (existsSync(`apps/${spa}/package.json`)) run(`npm run build --workspace apps/${spa}`);
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
