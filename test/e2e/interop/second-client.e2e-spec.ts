import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { DEMO_PASSWORD } from '../../support/app';
import { createTestApp, TestApp } from '../../support/app';

/**
 * A second, independent generator (openapi-typescript-codegen, fetch client, pure JS) turns
 * openapi.yaml into a client that must compile under `strict` and talk to the running API:
 * the spec is usable beyond the openapi-typescript client the SPAs use.
 */
const SPEC = join(__dirname, '..', '..', '..', 'openapi.yaml');

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? tsFiles(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

describe('A client from a second generator (openapi-typescript-codegen)', () => {
  let t: TestApp;
  let dir: string;
  let client: any;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annex-codegen-'));
    const { generate } = await import('openapi-typescript-codegen');
    await generate({ input: SPEC, output: join(dir, 'src'), httpClient: 'fetch', useOptions: true, useUnionTypes: true });
    const program = ts.createProgram(tsFiles(join(dir, 'src')), {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      skipLibCheck: true,
      outDir: join(dir, 'js'),
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).concat(program.emit().diagnostics);
    if (diagnostics.length)
      throw new Error(
        ts.formatDiagnostics(diagnostics.slice(0, 10), {
          getCanonicalFileName: (f) => f,
          getCurrentDirectory: () => dir,
          getNewLine: () => '\n',
        }),
      );
    client = require(join(dir, 'js', 'index.js'));
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    client.OpenAPI.BASE = await t.app.getUrl();
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('compiles under strict and makes calls: public, signed in, and a documented error', async () => {
    const guide = await client.GuideService.proceduresList({ lang: 'fr' });
    expect(guide.items.length).toBeGreaterThan(0);
    expect(guide.items[0]).toMatchObject({ code: expect.any(String), name: { fr: expect.any(String) } });

    const tokens = await client.AuthService.authLogin({ requestBody: { login: 'agent1', password: DEMO_PASSWORD } });
    client.OpenAPI.TOKEN = tokens.accessToken;
    const me = await client.AccountsService.meGet();
    expect(me).toMatchObject({ role: 'agent' });

    client.OpenAPI.TOKEN = undefined;
    const refused = await client.AccountsService.meGet().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(client.ApiError);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ status: 401, title: expect.any(String) });
  });
});
