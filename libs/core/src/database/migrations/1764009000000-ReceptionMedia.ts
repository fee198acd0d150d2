import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screen media uploaded by the annex (videos and images of the playlist), and what the ticket
 * metrics read: the first call of each ticket from its log.
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
    await q.query(`CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, type, at)`);
    await q.query(`CREATE INDEX ticket_annex_day_idx ON ticket (annex_id, day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ticket_annex_day_idx`);
    await q.query(`DROP INDEX ticket_event_ticket_idx`);
    await q.query(`DROP TABLE signage_media`);
  }
}
