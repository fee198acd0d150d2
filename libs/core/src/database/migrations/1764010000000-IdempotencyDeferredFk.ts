import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A submission claims its Idempotency-Key with the id the new request will have, before the
 * request row exists, in the same transaction: the foreign key is checked at commit. The key's
 * second write (binding the request id after the insert) is gone, one round trip per submission.
 */
export class IdempotencyDeferredFk1764010000000 implements MigrationInterface {
  name = 'IdempotencyDeferredFk1764010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_idempotency DROP CONSTRAINT request_idempotency_request_id_fkey`);
    await q.query(
      `ALTER TABLE request_idempotency ADD CONSTRAINT request_idempotency_request_id_fkey
         FOREIGN KEY (request_id) REFERENCES service_request(id) DEFERRABLE INITIALLY DEFERRED`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_idempotency DROP CONSTRAINT request_idempotency_request_id_fkey`);
    await q.query(
      `ALTER TABLE request_idempotency ADD CONSTRAINT request_idempotency_request_id_fkey FOREIGN KEY (request_id) REFERENCES service_request(id)`,
    );
  }
}
