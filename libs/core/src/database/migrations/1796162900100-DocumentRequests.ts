import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Law 55-19: a document another administration holds is asked of it, not of the citizen. One row
 * per (request, document) while the partner's answer is awaited; the partner's agency sees its
 * pending ones as a queue and answers with its reference.
 */
export class DocumentRequests1796162900100 implements MigrationInterface {
  name = 'DocumentRequests1796162900100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES service_request(id),
        annex_id uuid NOT NULL REFERENCES annex(id),
        document_code varchar(64) NOT NULL,
        agency_code varchar(32) REFERENCES agency(code),
        route text NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'received')),
        reference text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        answered_by uuid,
        UNIQUE (request_id, document_code)
      )`);
    await q.query(`CREATE INDEX document_request_pending_idx ON document_request (agency_code, requested_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_request`);
  }
}
