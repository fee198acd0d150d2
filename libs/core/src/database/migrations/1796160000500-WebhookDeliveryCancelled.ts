import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deleted (or admin-disabled) subscription must stop sending: its pending deliveries become
 * `cancelled` in the same statement that deletes it, and a delivery job already queued finds that
 * status and sends nothing.
 */
export class WebhookDeliveryCancelled1796160000500 implements MigrationInterface {
  name = 'WebhookDeliveryCancelled1796160000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_status_check`);
    await q.query(
      `ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_status_check CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE webhook_delivery SET status = 'failed' WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_status_check`);
    await q.query(
      `ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_status_check CHECK (status IN ('pending', 'delivered', 'failed'))`,
    );
  }
}
