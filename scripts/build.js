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
