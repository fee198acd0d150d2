import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { installTimestamptzParser } from './timestamptz';

installTimestamptzParser();

/** libs/ in the source tree, or dist/libs once built (this file sits at libs/core/src/database). */
const libsRoot = join(__dirname, '..', '..', '..');

/**
 * One definition of the connection, used by the app, the migration CLI and the tests.
 * Schema changes only through migrations: `synchronize` is never on.
 */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(libsRoot, '*', 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // Off: TypeORM's error log prints query parameters (CINs, phones). Errors reach the problem filter.
    logging: false,
    // A PostgreSQL that does not accept a connection within 10 s fails the request (503) instead of hanging it.
    extra: { max: Number(process.env.DB_POOL_MAX ?? 20), application_name: 'annex', connectionTimeoutMillis: 10_000 },
    ...extra,
  } as DataSourceOptions;
}
