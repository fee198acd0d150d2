import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screen media uploaded by the annex (videos and images of the playlist), photos joined to
 * grievances, and what the ticket metrics read: the first call of each ticket from its log.
 */
export class ReceptionMedia1764009000000 implements MigrationInterface {
  name = 'ReceptionMedia1764009000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signage_media (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        file_name varchar(200) NOT NULL,
        content_type varchar(32) NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm')),
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        uploaded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX signage_media_annex_idx ON signage_media (annex_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE grievance_photo (
        id uuid PRIMARY KEY,
        grievance_id uuid NOT NULL REFERENCES grievance(id),
        file_name varchar(200) NOT NULL,
        content_type varchar(32) NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        uploaded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grievance_photo_grievance_idx ON grievance_photo (grievance_id, created_at)`);
    // Someone filing without an account adds photos with a short-lived token given once at filing.
    await q.query(`ALTER TABLE grievance ADD COLUMN photo_token_hash char(64), ADD COLUMN photo_token_expires_at timestamptz`);
    await q.query(`CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, type, at)`);
    await q.query(`CREATE INDEX ticket_annex_day_idx ON ticket (annex_id, day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ticket_annex_day_idx`);
    await q.query(`DROP INDEX ticket_event_ticket_idx`);
    await q.query(`ALTER TABLE grievance DROP COLUMN photo_token_hash, DROP COLUMN photo_token_expires_at`);
    await q.query(`DROP TABLE grievance_photo`);
    await q.query(`DROP TABLE signage_media`);
  }
}
