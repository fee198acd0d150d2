import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which worker process runs each periodic task (reconcilers, dashboards' refresh, retention) now. */
export class PeriodicLease1796159000000 implements MigrationInterface {
  name = 'PeriodicLease1796159000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE periodic_lease (
        name varchar(100) PRIMARY KEY,
        holder varchar(200) NOT NULL,
        until timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE periodic_lease`);
  }
}
