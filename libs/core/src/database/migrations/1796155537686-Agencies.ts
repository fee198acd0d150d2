import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The external bodies dossiers are forwarded to. A procedure version names its agency, a partner
 * belongs to one, and a forwarded request records the agency it went to: a partner acts only on
 * dossiers forwarded to its own agency (and, when it is bound to one, in its annex).
 */
export class Agencies1796155537686 implements MigrationInterface {
  name = 'Agencies1796155537686';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency (
        code varchar(32) PRIMARY KEY CHECK (code ~ '^[A-Z0-9_-]{2,32}$'),
        name jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO agency (code, name) VALUES
        ('DGSN', '{"ar":"المديرية العامة للأمن الوطني","fr":"Direction générale de la Sûreté nationale","en":"General Directorate for National Security"}'),
        ('PROVINCE', '{"ar":"العمالة أو الإقليم","fr":"Province (ou préfecture)","en":"Province (or prefecture)"}')`);
    await q.query(`ALTER TABLE procedure_version ADD COLUMN agency_code varchar(32) REFERENCES agency(code)`);
    await q.query(
      `UPDATE procedure_version SET agency_code = 'DGSN' WHERE external AND external_agency->>'fr' = 'Direction générale de la Sûreté nationale'`,
    );
    await q.query(
      `UPDATE procedure_version SET agency_code = 'PROVINCE' WHERE external AND external_agency->>'fr' = 'Province (ou préfecture)'`,
    );
    await q.query(`ALTER TABLE partner ADD COLUMN agency_code varchar(32) REFERENCES agency(code)`);
    await q.query(`ALTER TABLE service_request ADD COLUMN agency_code varchar(32) REFERENCES agency(code)`);
    await q.query(`CREATE INDEX service_request_agency_idx ON service_request (agency_code, tracking_code) WHERE agency_code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_request_agency_idx`);
    await q.query(`ALTER TABLE service_request DROP COLUMN agency_code`);
    await q.query(`ALTER TABLE partner DROP COLUMN agency_code`);
    await q.query(`ALTER TABLE procedure_version DROP COLUMN agency_code`);
    await q.query(`DROP TABLE agency`);
  }
}
