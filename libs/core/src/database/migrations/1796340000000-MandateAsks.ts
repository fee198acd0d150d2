import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A proxy may ask an adult for a mandate (the other side answers in their account: confirms with
 * their one-time code, or refuses); who started a mandate decides who sees it while it is pending.
 */
export class MandateAsks1796340000000 implements MigrationInterface {
  name = 'MandateAsks1796340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mandate DROP CONSTRAINT mandate_status_check`);
    await q.query(
      `ALTER TABLE mandate ADD CONSTRAINT mandate_status_check CHECK (status IN ('pending', 'active', 'revoked', 'refused')),
         ADD COLUMN initiated_by varchar(8) NOT NULL DEFAULT 'mandator' CHECK (initiated_by IN ('mandator', 'proxy')),
         ADD COLUMN refused_at timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM mandate WHERE status = 'refused' AND id NOT IN (SELECT mandate_id FROM service_request WHERE mandate_id IS NOT NULL)`,
    );
    await q.query(`UPDATE mandate SET status = 'revoked', revoked_at = refused_at WHERE status = 'refused'`);
    await q.query(`ALTER TABLE mandate DROP CONSTRAINT mandate_status_check, DROP COLUMN initiated_by, DROP COLUMN refused_at`);
    await q.query(`ALTER TABLE mandate ADD CONSTRAINT mandate_status_check CHECK (status IN ('pending', 'active', 'revoked'))`);
  }
}
