/**
 * The web kit is the one home of what both SPAs share: no app declares again what the kit
 * exports (the files that held the copies are gone), both import it, and its small pure pieces do
 * what the pages rely on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, newIdempotencyKey, problemCode, unwrap } from './src/api';
import { moroccanLocale } from './src/locale';
import { fieldErrorsOf, generalProblemOf } from './src/problems';
import { identityRules } from './src/identity';
import { IDENTITY_PATTERNS } from '../core/src/identity/identity';

const ROOT = join(__dirname, '..', '..');
const APPS = ['apps/citizen-web/src', 'apps/agent-web/src'];
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );

/** Every name the kit's index exports (values and types). */
function kitExports(): string[] {
  const index = readFileSync(join(__dirname, 'src/index.ts'), 'utf8');
  return [...index.matchAll(/export \{([^}]*)\}/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((n) => n.trim().replace(/^type\s+/, ''))
      .filter(Boolean),
  );
}

describe('web kit boundary', () => {
  it('no app declares a name the kit exports', () => {
    const names = kitExports();
    expect(names).toEqual(
      expect.arrayContaining([
        'ApiError',
        'unwrap',
        'createSession',
        'ErrorSummary',
        'createLanguages',
        'createRouter',
        'newIdempotencyKey',
      ]),
    );
    const declared = new RegExp(
      `^\\s*(?:export\\s+)?(?:async\\s+)?(?:function|class|const|let|interface|type|enum)\\s+(${names.join('|')})\\b`,
      'm',
    );
    const offenders = APPS.flatMap(sources).flatMap((f) => {
      const m = declared.exec(readFileSync(join(ROOT, f), 'utf8'));
      return m ? [`${f}: ${m[1]}`] : [];
    });
    expect(offenders).toEqual([]);
  });

  it('the files that held the copies are gone, and both apps import the kit', () => {
    for (const gone of [
      'apps/agent-web/src/api/session.ts',
      'apps/agent-web/src/components/ErrorSummary.tsx',
      'apps/agent-web/src/components/LangSwitch.tsx',
    ]) {
      expect(existsSync(join(ROOT, gone))).toBe(false);
    }
    for (const app of APPS) {
      expect(sources(app).some((f) => readFileSync(join(ROOT, f), 'utf8').includes("from '@annex/web-kit'"))).toBe(true);
    }
  });

  it('no app writes its own CIN or phone rule: both read the patterns the API publishes', () => {
    const own = /\[A-Z\]\{1,2\}|\\\+212|00212|\[5-7\]|\[67\]/;
    const copies = APPS.flatMap(sources).filter((f) => own.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(copies).toEqual([]);
  });

  it('no app generates keys with crypto.randomUUID (missing outside secure contexts)', () => {
    const users = APPS.flatMap(sources).filter((f) => readFileSync(join(ROOT, f), 'utf8').includes('randomUUID'));
    expect(users).toEqual([]);
  });

  it("the kit's strings live only in the kit's catalogue, in every language it has", () => {
    const langs = readdirSync(join(__dirname, 'src/messages')).map((f) => f.replace(/\.json$/, ''));
    expect(langs).toEqual(expect.arrayContaining(['ar', 'fr', 'en']));
    const kitKeys = Object.keys(JSON.parse(readFileSync(join(__dirname, 'src/messages/fr.json'), 'utf8')));
    for (const lang of langs) {
      const kit = JSON.parse(readFileSync(join(__dirname, `src/messages/${lang}.json`), 'utf8')) as Record<string, string>;
      expect(Object.keys(kit).sort()).toEqual([...kitKeys].sort());
      for (const app of APPS) {
        const file = join(ROOT, app, `messages/${lang}.json`);
        const own = Object.keys(JSON.parse(readFileSync(file, 'utf8')));
        expect({ file, repeated: own.filter((k) => kitKeys.includes(k)) }).toEqual({ file, repeated: [] });
      }
    }
  });
});

describe('newIdempotencyKey', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('gives a fresh UUID v4 each time, without crypto.randomUUID (plain HTTP away from localhost)', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = Array.from({ length: 200 }, () => newIdempotencyKey());
      keys.forEach((k) => expect(k).toMatch(uuid));
      expect(new Set(keys).size).toBe(keys.length);
      expect(newIdempotencyKey('kiosk')).toMatch(/^kiosk-[0-9a-f-]{36}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});

describe('problems', () => {
  const answer = (status: number, error?: unknown) => Promise.resolve({ error, response: new Response(null, { status }) });

  it('turns a failed answer into an ApiError carrying its problem, and a network failure into status 0', async () => {
    const problem = { type: 'https://annex.ma/problems/version-conflict', title: 'Conflict', status: 409 };
    const thrown = await unwrap(answer(409, problem)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).status).toBe(409);
    expect(problemCode(thrown)).toBe('version-conflict');
    const cut = await unwrap(Promise.reject(new TypeError('fetch failed'))).catch((e: unknown) => e);
    expect((cut as ApiError).status).toBe(0);
    expect(generalProblemOf(cut)).toBe('network');
    expect(await unwrap(Promise.resolve({ data: { ok: 1 }, response: new Response(null, { status: 200 }) }))).toEqual({ ok: 1 });
  });

  it("words the API's field reasons, keeping the code and the API's own words", () => {
    const e = new ApiError(400, {
      errors: [
        { field: 'phone', reason: 'matches', message: 'phone must match' },
        { field: 'cin', reason: 'isNotEmpty', message: 'cin should not be empty' },
        { field: 'x', reason: 'somethingNew', message: 'odd' },
      ],
    } as never);
    expect(fieldErrorsOf(e)).toEqual([
      { field: 'phone', reason: 'format', code: 'matches', message: 'phone must match' },
      { field: 'cin', reason: 'required', code: 'isNotEmpty', message: 'cin should not be empty' },
      { field: 'x', reason: null, code: 'somethingNew', message: 'odd' },
    ]);
    expect(fieldErrorsOf(new Error('not an API error'))).toEqual([]);
    expect([429, 423, 401, 500].map((s) => generalProblemOf(new ApiError(s)))).toEqual(['tooMany', 'locked', 'signedOut', 'failed']);
  });

  it('formats in one Moroccan locale for both apps: Latin digits in Arabic, French numbers for a language Intl lacks', () => {
    expect(new Intl.NumberFormat(moroccanLocale('ar')).format(1234.5)).toBe(new Intl.NumberFormat('fr-MA').format(1234.5));
    expect(moroccanLocale('ar')).toBe('ar-MA-u-nu-latn');
    expect(moroccanLocale('qaa')).toBe('fr-MA-u-nu-latn');
    expect(/^(zgh|fr)-MA-u-nu-latn$/.test(moroccanLocale('zgh'))).toBe(true);
    // Both apps take it: neither builds its own locale string.
    for (const app of APPS)
      expect([
        app,
        readFileSync(join(ROOT, app, app.includes('agent') ? 'i18n/index.tsx' : 'i18n.tsx'), 'utf8').includes('moroccanLocale'),
      ]).toEqual([app, true]);
  });
});

describe('identity rules, read from the patterns the API publishes', () => {
  // What GET /api/v1/identity/patterns answers: libs/core's identity module, the DTOs' and CHECKs' source.
  const rules = identityRules({ ...IDENTITY_PATTERNS });

  it('takes a CIN in any case and spacing, and refuses what the API refuses', () => {
    expect(['bk123456', ' AB 1234 ', 'Z1'].map(rules.isCin)).toEqual([true, true, true]);
    expect(['123456', 'ABC123', 'AB', 'AB123456789'].map(rules.isCin)).toEqual([false, false, false, false]);
  });

  it('writes a mobile in E.164 from the ways people type it, and tells it from a fixed line', () => {
    expect(['06 12 34 56 78', '07.12.34.56.78', '+212 6 12 34 56 78', '00212612345678'].map(rules.mobile)).toEqual([
      '+212612345678',
      '+212712345678',
      '+212612345678',
      '+212612345678',
    ]);
    expect(['05 36 00 00 00', '0812345678', '061234567', 'abc'].map(rules.mobile)).toEqual([null, null, null, null]);
    expect(['05 36 00 00 00', '08 12 34 56 78', '09 12 34 56 78'].map(rules.phone)).toEqual(['+212536000000', '+212812345678', null]);
  });

  it('without the patterns (the API out of reach) only writes numbers in E.164, and leaves the rules to the API', () => {
    const unreached = identityRules(null);
    expect(unreached.isCin('123')).toBe(true);
    expect(unreached.mobile('05 36 00 00 00')).toBe('+212536000000');
    expect(unreached.mobile('12 34')).toBeNull();
  });
});
