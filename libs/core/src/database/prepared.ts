import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

const names = new Map<string, string>();
let named = true;

/**
 * DB_PREPARED_STATEMENTS=false sends the same texts unnamed: for a transaction-mode pooler that
 * cannot carry named statements from one server connection to another (PgBouncer before 1.21, or
 * with max_prepared_statements = 0), where a named statement would be missing on the next one.
 */
export function usePreparedStatements(on: boolean): void {
  named = on;
}

/** A pg query config: named (parsed once per connection) unless turned off. */
export function statement(sql: string, values: unknown[]): { name?: string; text: string; values: unknown[] } {
  return named ? { name: statementName(sql), text: sql, values } : { text: sql, values };
}

/** The statement's name: a digest of its text, so one text is always one statement. */
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `s_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    if (names.size < 1_000) names.set(sql, name);
  }
  return name;
}

/**
 * Runs a hot read as a named prepared statement on the data source's pool: each connection
 * parses it once, and PostgreSQL may keep a generic plan after five runs instead of planning
 * every call (TypeORM's query() sends an unnamed statement, parsed and planned each time). Only
 * for SQL texts that are constants or one of a few shapes: every distinct text stays prepared
 * on every connection. Outside a transaction only (it takes a pooled connection of its own).
 */
export async function preparedQuery<T = any>(ds: DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  const result = await pool.query(statement(sql, params));
  return result.rows as T[];
}
