/**
 * Schema by migrations only.
 *   npm run migration:run               apply pending migrations
 *   npm run migration:revert            undo the last one
 *   npm run migration:generate -- Name  write a migration from the entity/schema difference
 *   npm run migration:diff              print that difference (exit 1 when there is one)
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/core/src/database/data-source-options';

export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('Invalid configuration: DATABASE_URL is required (postgres://user:pass@host:5432/db)\n');
    process.exit(78);
  }
  if (command === 'run') {
    const done = await runMigrations(url);
    process.stdout.write(done.length ? `applied: ${done.join(', ')}\n` : 'schema up to date\n');
    return;
  }
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    if (command === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
    } else if (command === 'generate') {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration:generate -- PascalCaseName');
      const sql = await ds.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        process.stdout.write('no schema difference\n');
        return;
      }
      const stamp = Date.now();
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
      const up = sql.upQueries.map((q) => `    await q.query(\`${esc(q.query)}\`);`).join('\n');
      const down = sql.downQueries
        .reverse()
        .map((q) => `    await q.query(\`${esc(q.query)}\`);`)
        .join('\n');
      const file = join(__dirname, '..', 'libs', 'core', 'src', 'database', 'migrations', `${stamp}-${name}.ts`);
      writeFileSync(
        file,
        `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${stamp} implements MigrationInterface {\n  name = '${name}${stamp}';\n\n  async up(q: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      process.stdout.write(`wrote ${file}\n`);
    } else if (command === 'diff') {
      // What `generate` would write, without writing it: nothing when the entities match the schema.
      const sql = await ds.driver.createSchemaBuilder().log();
      process.stdout.write(sql.upQueries.length ? `${sql.upQueries.map((q) => `${q.query};`).join('\n')}\n` : 'no schema difference\n');
      if (sql.upQueries.length) process.exitCode = 1;
    } else if (command === 'show') {
      process.stdout.write((await ds.showMigrations()) ? 'pending migrations\n' : 'schema up to date\n');
    } else {
      throw new Error('usage: migrate run|revert|generate <Name>|diff|show');
    }
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
