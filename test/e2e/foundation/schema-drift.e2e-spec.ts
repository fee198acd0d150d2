import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../libs/core/src/database/data-source-options';

/**
 * The entities describe the schema the migrations build: on a fully migrated database
 * `migration:generate` has nothing to write. A drift here means a developer following the README
 * would generate a migration that drops constraints, indexes or columns.
 */
describe('entities match the migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
    await ds.initialize();
  });
  afterAll(async () => ds?.destroy());

  const pending = async () => (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

  it('finds no schema difference on the migrated database', async () => {
    expect(await ds.showMigrations()).toBe(false);
    expect(await pending()).toEqual([]);
  });

  it('does see a difference when the schema loses something an entity declares', async () => {
    await ds.query('DROP INDEX citizen_phone_idx');
    try {
      expect(await pending()).toEqual([expect.stringContaining('CREATE INDEX "citizen_phone_idx" ON "citizen" ("phone")')]);
    } finally {
      await ds.query('CREATE INDEX citizen_phone_idx ON citizen (phone)');
    }
    expect(await pending()).toEqual([]);
  });

  it('`npm run migration:diff` (what migration:generate would write) prints nothing to do', () => {
    const out = execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migrate.ts', 'diff'], {
      encoding: 'utf8',
      env: process.env,
    });
    expect(out.trim()).toBe('no schema difference');
  });
});
