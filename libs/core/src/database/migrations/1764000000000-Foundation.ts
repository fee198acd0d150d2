import { MigrationInterface, QueryRunner } from 'typeorm';

/** The annex as an entity from day one, its neighbourhoods, and the transactional outbox. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE annex (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(8) NOT NULL UNIQUE,
        name_ar text NOT NULL,
        name_fr text NOT NULL,
        province text NOT NULL,
        pachalik text NOT NULL,
        address text NOT NULL DEFAULT '',
        time_zone text NOT NULL DEFAULT 'Africa/Casablanca',
        opening_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE neighbourhood (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        code varchar(32) NOT NULL,
        name_ar text NOT NULL,
        name_fr text NOT NULL,
        UNIQUE (annex_id, code)
      )`);
    await q.query(`
      CREATE TABLE outbox_message (
        id bigserial PRIMARY KEY,
        topic varchar(100) NOT NULL,
        payload jsonb NOT NULL,
        idempotency_key varchar(200) NOT NULL UNIQUE,
        annex_id uuid REFERENCES annex(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_message_pending_idx ON outbox_message (id) WHERE relayed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_message`);
    await q.query(`DROP TABLE neighbourhood`);
    await q.query(`DROP TABLE annex`);
  }
}
