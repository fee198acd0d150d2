import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Law 55-19 in the guide and on requests: each procedure version carries its legal frame (maximum
 * delay in working days, appeal route, refusal grounds, silence-means-acceptance, the reference
 * of the change) and, once abolished, since when and what to do instead; every filed request gets
 * a numbered receipt with its legal deadline; a tacit-acceptance time where silence is consent.
 */
export class LegalFrame1796162900000 implements MigrationInterface {
  name = 'LegalFrame1796162900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version ADD COLUMN legal_frame jsonb, ADD COLUMN abolished jsonb`);
    await q.query(`ALTER TABLE service_request ADD COLUMN tacit_accept_at timestamptz`);
    await q.query(`ALTER TABLE request_event ADD COLUMN legal_ground varchar(64)`);
    await q.query(`CREATE INDEX service_request_tacit_idx ON service_request (tacit_accept_at) WHERE tacit_accept_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE receipt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL UNIQUE REFERENCES service_request(id),
        annex_id uuid NOT NULL REFERENCES annex(id),
        number varchar(40) NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL,
        legal_deadline timestamptz NOT NULL,
        content jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE receipt`);
    await q.query(`DROP INDEX service_request_tacit_idx`);
    await q.query(`ALTER TABLE request_event DROP COLUMN legal_ground`);
    await q.query(`ALTER TABLE service_request DROP COLUMN tacit_accept_at`);
    await q.query(`ALTER TABLE procedure_version DROP COLUMN abolished, DROP COLUMN legal_frame`);
  }
}
