import { MigrationInterface, QueryRunner } from 'typeorm';

/** One message to one recipient over one channel, with its delivery status and attempts. */
export class Notifications1764003000000 implements MigrationInterface {
  name = 'Notifications1764003000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key varchar(200) NOT NULL UNIQUE,
        job_id varchar(200) NOT NULL,
        template varchar(64) NOT NULL,
        channel varchar(5) NOT NULL CHECK (channel IN ('sms', 'email')),
        recipient_kind varchar(8) NOT NULL CHECK (recipient_kind IN ('citizen', 'staff', 'address')),
        recipient_id uuid,
        destination_masked varchar(64) NOT NULL,
        language varchar(2) NOT NULL,
        request_id uuid,
        -- What the message says (template values), kept so ops can re-drive it on its own.
        payload jsonb NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        provider varchar(32),
        provider_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_request_idx ON notification (request_id, created_at) WHERE request_id IS NOT NULL`);
    await q.query(`CREATE INDEX notification_failed_idx ON notification (updated_at DESC, id) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
  }
}
