import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/core/src/database/data-source-options';
import { seedDemo, DEMO_DEFAULT_PASSWORD } from '../../scripts/seed-demo';
import { withDatabase } from './env';
import { enrolDemoSecondFactors } from './second-factor';

/** Drops and recreates `name` on the server of `baseUrl`, optionally as a copy of `template`. */
export async function recreateDatabase(baseUrl: string, name: string, template?: string): Promise<string> {
  const admin = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  return withDatabase(baseUrl, name);
}

/** A fresh database with every migration applied and the demo data loaded. */
export async function prepareDatabase(baseUrl: string, name: string): Promise<string> {
  const url = await recreateDatabase(baseUrl, name);
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedDemo(ds, process.env.DEMO_PASSWORD || DEMO_DEFAULT_PASSWORD);
    // admin and supervisor must use a second factor: in test databases they have the test app's secret.
    await enrolDemoSecondFactors(ds);
  } finally {
    await ds.destroy();
  }
  return url;
}
