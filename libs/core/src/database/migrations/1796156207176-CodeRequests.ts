import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every request for a one-time code (sign-up, claim, kiosk), whether or not a code was sent, keyed
 * by hashes of the phone and the CIN: counted to limit codes per phone and per CIN (the SMS
 * cannon), in PostgreSQL so the limit holds whatever Redis does. Hashes, not the numbers: the
 * table needs only equality.
 */
export class CodeRequests1796156207176 implements MigrationInterface {
  name = 'CodeRequests1796156207176';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE code_request (
        id bigserial PRIMARY KEY,
        purpose varchar(16) NOT NULL,
        phone_hash char(64),
        cin_hash char(64),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX code_request_phone_idx ON code_request (phone_hash, created_at) WHERE phone_hash IS NOT NULL`);
    await q.query(`CREATE INDEX code_request_cin_idx ON code_request (cin_hash, created_at) WHERE cin_hash IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE code_request`);
  }
}
