import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the reconciler's sweep reads (worker, every RECONCILE_SECONDS): recent outbox rows per
 * topic, the notifications of one outbox job, and the deliveries and certificates still pending.
 */
export class ReconcilerIndexes1796155848181 implements MigrationInterface {
  name = 'ReconcilerIndexes1796155848181';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_message_topic_created_idx ON outbox_message (topic, created_at)`);
    await q.query(`CREATE INDEX notification_job_idx ON notification (job_id)`);
    await q.query(`CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX certificate_pending_idx ON certificate (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX certificate_pending_idx`);
    await q.query(`DROP INDEX webhook_delivery_pending_idx`);
    await q.query(`DROP INDEX notification_job_idx`);
    await q.query(`DROP INDEX outbox_message_topic_created_idx`);
  }
}
