import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issued certificates: number, signed claims, the stored PDF and its hash, revocation and hand-over. */
export class Certificates1764004000000 implements MigrationInterface {
  name = 'Certificates1764004000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificate_counter (
        annex_id uuid NOT NULL REFERENCES annex(id),
        year int NOT NULL,
        last_value int NOT NULL,
        PRIMARY KEY (annex_id, year)
      )`);
    await q.query(`
      CREATE TABLE certificate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(32) NOT NULL UNIQUE,
        annex_id uuid NOT NULL REFERENCES annex(id),
        request_id uuid NOT NULL REFERENCES service_request(id),
        procedure_code varchar(32) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'issued', 'revoked')),
        claims jsonb NOT NULL,
        signature text NOT NULL,
        key_id varchar(32) NOT NULL,
        issued_by uuid,
        issued_at timestamptz,
        valid_until date NOT NULL,
        pdf bytea,
        pdf_sha256 char(64),
        revoked_at timestamptz,
        revoked_by uuid,
        revoke_reason text,
        replaces varchar(32),
        replaced_by varchar(32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX certificate_request_idx ON certificate (request_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificate`);
    await q.query(`DROP TABLE certificate_counter`);
  }
}
