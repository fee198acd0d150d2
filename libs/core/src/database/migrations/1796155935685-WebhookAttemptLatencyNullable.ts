import { MigrationInterface, QueryRunner } from 'typeorm';

/** A webhook attempt refused by the address policy never connects: it has no latency to log. */
export class WebhookAttemptLatencyNullable1796155935685 implements MigrationInterface {
  name = 'WebhookAttemptLatencyNullable1796155935685';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_attempt ALTER COLUMN latency_ms DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE webhook_attempt SET latency_ms = 0 WHERE latency_ms IS NULL`);
    await q.query(`ALTER TABLE webhook_attempt ALTER COLUMN latency_ms SET NOT NULL`);
  }
}
