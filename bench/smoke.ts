/**
 * The bench's smoke test (part of `npm test`): runs `bench --quick` into a scratch folder and
 * checks that every endpoint and pipeline produced a figure, so the benchmark cannot rot.
 * It asserts no speed: figures are for reading, not for failing a build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'bench/bench.ts', '--quick'], {
  env: { ...process.env, BENCH_OUT: out },
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  // A pipeline that hangs fails the smoke at this limit (bench.ts stops its services on SIGTERM)
  // instead of holding npm test until CI gives up.
  timeout: 15 * 60_000,
  killSignal: 'SIGTERM',
});
process.stdout.write(run.stdout);
const failures: string[] = [];
if (run.status !== 0) failures.push(`bench exited with ${run.status}`);
else {
  const r = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  for (const e of r.endpoints) if (!(e.requests > 0)) failures.push(`endpoint ${e.name} made no request`);
  if (r.endpoints.length < 7) failures.push(`only ${r.endpoints.length} endpoints measured`);
  for (const p of r.pipelines) if (p.value === null) failures.push(`pipeline ${p.name}: ${p.note ?? 'no figure'}`);
  for (const b of ['bareHttp', 'barePg']) if (!(r.baselines[b]?.rps > 0)) failures.push(`baseline ${b} missing`);
  if (!/^bench: .+ errors$/m.test(run.stdout)) failures.push('no summary line');
}
for (const f of failures) process.stderr.write(`bench smoke: ${f}\n`);
process.stdout.write(`bench smoke: ${failures.length ? 'FAILED' : 'ok'}\n`);
process.exit(failures.length ? 1 : 0);
