/**
 * The heap budget the API and the worker run with. V8 grows the old generation lazily under
 * load: without a limit the API's RSS climbed from 146 MB at rest to 315-366 MB at 50
 * connections on the agent queue page; with 192 MB it stayed at 177-217 MB (measured on the
 * 1M-request bench database; throughput within the run-to-run noise of about 10 %). The retained
 * heap at rest is about 50 MB, so the budget leaves room for spikes. Operators can change it in
 * NODE_OPTIONS (a later --max-old-space-size wins); Dockerfile and package.json say the same.
 */
export const HEAP_FLAG = '--max-old-space-size=192';

/** `env` with the heap budget first in NODE_OPTIONS, so the operator's own flags still win. */
export const withHeapBudget = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...env, NODE_OPTIONS: `${HEAP_FLAG} ${env.NODE_OPTIONS ?? ''}`.trim() });
