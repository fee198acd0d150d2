/** Environment shared by the test orchestration: one place that names the test databases. */
export const TEST_DB_PREFIX = process.env.TEST_DB_PREFIX ?? 'annex_test';
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-000';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function withRedisDb(url: string, db: number): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
