import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REQUEST_STATES } from './state-machine';

const ROOT = join(__dirname, '../../../..');
/** The lifecycle module itself, and what is generated from it or frozen in history. */
const ALLOWED = [
  'libs/requests/src/requests/state-machine.ts',
  'libs/api-client/src/schema.ts', // generated from openapi.yaml
  'libs/core/src/database/migrations/', // applied history: a migration is never edited
];
const SCANNED = ['apps', 'libs', 'scripts', 'bench'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);
/** Tests state what they expect (a timeline, say) on purpose; the rule is for the product's code. */
const isTest = (path: string) => /\.(spec|e2e-spec|browser)\.tsx?$/.test(path);

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(ts|tsx|js|mjs|sql)$/.test(name)) yield path;
  }
}

const NAME = `(?:${REQUEST_STATES.join('|')})`;
const QUOTED = new RegExp(`['"\`](${NAME})['"\`]`, 'g');
/** Three or more quoted state names in a row, separated by commas (across lines too): an array or SQL list. */
const LIST = new RegExp(`(['"\`])${NAME}\\1(?:\\s*,\\s*(['"\`])${NAME}\\2){2,}`, 'g');

/** Every literal list of three or more state names outside the lifecycle module: `file:line: names`. */
export function stateLists(): string[] {
  const found: string[] = [];
  for (const top of SCANNED) {
    for (const path of sources(join(ROOT, top))) {
      const rel = relative(ROOT, path).split(sep).join('/');
      if (isTest(rel) || ALLOWED.some((a) => rel === a || (a.endsWith('/') && rel.startsWith(a)))) continue;
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        const names = new Set([...line.matchAll(QUOTED)].map((m) => m[1]));
        if (names.size >= 3) found.push(`${rel}:${i + 1}: ${[...names].join(', ')}`);
      });
      for (const m of text.matchAll(LIST)) {
        const at = text.slice(0, m.index).split('\n').length;
        const entry = `${rel}:${at}: ${[...m[0].matchAll(QUOTED)].map((q) => q[1]).join(', ')}`;
        if (!found.some((f) => f.startsWith(`${rel}:${at}:`))) found.push(entry);
      }
    }
  }
  return found;
}

describe('one home for the request states', () => {
  it('finds no list of three or more state names outside the lifecycle module and generated files', () => {
    expect(stateLists()).toEqual([]);
  });

  it('would find one (the check itself works)', () => {
    const sample = `const WAITING = ['${REQUEST_STATES[0]}', '${REQUEST_STATES[1]}',\n  '${REQUEST_STATES[2]}'];`;
    expect([...sample.matchAll(LIST)]).toHaveLength(1);
    expect(
      new Set(
        [...`x === '${REQUEST_STATES[0]}' || x === '${REQUEST_STATES[1]}' || x === '${REQUEST_STATES[3]}'`.matchAll(QUOTED)].map(
          (m) => m[1],
        ),
      ).size,
    ).toBe(3);
  });
});
