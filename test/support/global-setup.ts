import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/core/src/database/data-source-options';
import { ensureServices } from '../../scripts/lib/services';
import { seedDemo, DEMO_DEFAULT_PASSWORD } from '../../scripts/seed-demo';
import { TEST_DB_PREFIX, withDatabase } from './env';

/**
 * Once per run: a template database with every migration applied and the demo data loaded,
 * then one clone per jest worker (CREATE DATABASE … TEMPLATE is a file copy: fast).
 */
export default async function globalSetup(config: { maxWorkers: number }): Promise<void> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    const services = await ensureServices({ dataRoot: '.data/test', database: 'postgres' });
    process.env.DATABASE_URL = services.DATABASE_URL;
    process.env.REDIS_URL = services.REDIS_URL;
    (globalThis as { __services?: unknown }).__services = services;
  }
  const base = process.env.DATABASE_URL;
  const admin = new Client({ connectionString: withDatabase(base, 'postgres') });
  await admin.connect();
  const tpl = `${TEST_DB_PREFIX}_tpl`;
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${tpl}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${tpl}"`);
    const ds = new DataSource(dataSourceOptions(withDatabase(base, tpl)));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await seedDemo(ds, process.env.DEMO_PASSWORD || DEMO_DEFAULT_PASSWORD);
    await ds.destroy();
    for (let w = 1; w <= Math.max(1, config.maxWorkers); w++) {
      const db = `${TEST_DB_PREFIX}_w${w}`;
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${db}" TEMPLATE "${tpl}"`);
    }
  } finally {
    await admin.end();
  }
}
