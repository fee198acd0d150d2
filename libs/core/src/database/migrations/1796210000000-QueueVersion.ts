import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent queue is pushed, not polled. Every change of a request that its queue row shows
 * (new, state, assignee, SLA badge or due time, version) bumps its annex's queue version and
 * announces it on the `request_queue` channel. The trigger is deferred to the commit, so the
 * annex's version row is locked only while the transaction commits (concurrent submissions do
 * not queue behind each other), and the NOTIFY, like the version, exists only if the change
 * commits. The version is the queue's ETag and the stream's event id.
 */
export class QueueVersion1796210000000 implements MigrationInterface {
  name = 'QueueVersion1796210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE queue_version (annex_id uuid PRIMARY KEY REFERENCES annex(id) ON DELETE CASCADE, version bigint NOT NULL)`);
    await q.query(`
      CREATE FUNCTION queue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v bigint;
      BEGIN
        INSERT INTO queue_version AS q (annex_id, version) VALUES (NEW.annex_id, 1)
          ON CONFLICT (annex_id) DO UPDATE SET version = q.version + 1
          RETURNING q.version INTO v;
        PERFORM pg_notify('request_queue', json_build_object('annexId', NEW.annex_id, 'requestId', NEW.id, 'version', v)::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER service_request_queue_inserted AFTER INSERT ON service_request
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION queue_changed()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER service_request_queue_updated AFTER UPDATE ON service_request
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.at_risk IS DISTINCT FROM NEW.at_risk
              OR OLD.overdue IS DISTINCT FROM NEW.overdue OR OLD.sla_due_at IS DISTINCT FROM NEW.sla_due_at OR OLD.version IS DISTINCT FROM NEW.version
              OR OLD.annex_id IS DISTINCT FROM NEW.annex_id)
        EXECUTE FUNCTION queue_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER service_request_queue_updated ON service_request`);
    await q.query(`DROP TRIGGER service_request_queue_inserted ON service_request`);
    await q.query(`DROP FUNCTION queue_changed()`);
    await q.query(`DROP TABLE queue_version`);
  }
}
