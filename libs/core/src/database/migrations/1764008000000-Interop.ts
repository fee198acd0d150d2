import { MigrationInterface, QueryRunner } from 'typeorm';

const DOSSIER_STATUSES = `'received', 'in_production', 'ready_at_agency', 'refused', 'collected'`;

/**
 * Partner systems, their hashed API keys and call audit (append-only), webhook subscriptions with
 * one delivery row per event and subscription plus one row per attempt, and inbound dossier updates
 * (idempotent by partner and update id).
 */
export class Interop1764008000000 implements MigrationInterface {
  name = 'Interop1764008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        annex_id uuid REFERENCES annex(id),
        rate_limit_per_minute int NOT NULL DEFAULT 600 CHECK (rate_limit_per_minute > 0),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE partner_api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id),
        prefix varchar(24) NOT NULL,
        key_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_by uuid
      )`);
    await q.query(`CREATE INDEX partner_api_key_partner_idx ON partner_api_key (partner_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE partner_call (
        id bigserial PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partner(id),
        key_prefix varchar(24) NOT NULL,
        method varchar(8) NOT NULL,
        route text NOT NULL,
        status int NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX partner_call_partner_idx ON partner_call (partner_id, at DESC)`);
    await q.query(`
      CREATE FUNCTION partner_call_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'partner_call is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER partner_call_no_update_delete BEFORE UPDATE OR DELETE ON partner_call
        FOR EACH ROW EXECUTE FUNCTION partner_call_append_only()`);

    await q.query(`
      CREATE TABLE webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id),
        url text NOT NULL,
        event_types text[] NOT NULL,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX webhook_subscription_partner_idx ON webhook_subscription (partner_id, created_at DESC) WHERE deleted_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscription(id),
        event_id uuid NOT NULL,
        event_type varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_status_code int,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (subscription_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_subscription_idx ON webhook_delivery (subscription_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE webhook_attempt (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_delivery(id),
        attempt int NOT NULL,
        status_code int,
        latency_ms int NOT NULL,
        error_class varchar(64),
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, id)`);

    await q.query(`
      CREATE TABLE dossier_update (
        partner_id uuid NOT NULL REFERENCES partner(id),
        update_id varchar(100) NOT NULL,
        request_id uuid NOT NULL REFERENCES service_request(id),
        status varchar(16) NOT NULL CHECK (status IN (${DOSSIER_STATUSES})),
        reason text,
        occurred_at timestamptz NOT NULL,
        agency_reference varchar(100),
        outcome varchar(16) NOT NULL CHECK (outcome IN ('applied', 'recorded', 'stale')),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, update_id)
      )`);
    // The newest update of a request decides whether a late one may still move it.
    await q.query(`CREATE INDEX dossier_update_request_idx ON dossier_update (request_id, occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_update`);
    await q.query(`DROP TABLE webhook_attempt`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_subscription`);
    await q.query(`DROP TABLE partner_call`);
    await q.query(`DROP FUNCTION partner_call_append_only()`);
    await q.query(`DROP TABLE partner_api_key`);
    await q.query(`DROP TABLE partner`);
  }
}
