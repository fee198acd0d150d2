import { readFileSync } from 'node:fs';
import { generateOpenApi, OPENAPI_FILE, renderOpenApi } from '../../../scripts/openapi';
import { createTestApp } from '../../support/app';

describe('openapi.yaml', () => {
  it('is what the code produces (run `npm run openapi` after changing a route or DTO)', async () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    const generated = await generateOpenApi();
    if (generated !== committed) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(`openapi.yaml is stale from line ${line + 1}: committed "${a[line]}" vs code "${b[line]}". Run npm run openapi.`);
    }
  });

  it('is what the running API serves at /docs-json', async () => {
    const t = await createTestApp();
    try {
      const served = await t.http.get('/docs-json').expect(200);
      expect(renderOpenApi(served.body)).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
      await t.http.get('/docs').expect((r) => expect([200, 301, 302]).toContain(r.status));
    } finally {
      await t.close();
    }
  });
});
