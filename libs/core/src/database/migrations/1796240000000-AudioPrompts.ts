import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spoken guidance: the screen media take recorded prompts (MP3, Ogg, WAV), and each annex maps a
 * kiosk step or a display announcement and a language to one of them.
 */
export class AudioPrompts1796240000000 implements MigrationInterface {
  name = 'AudioPrompts1796240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signage_media DROP CONSTRAINT signage_media_content_type_check`);
    await q.query(
      `ALTER TABLE signage_media ADD CONSTRAINT signage_media_content_type_check
        CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm', 'audio/mpeg', 'audio/ogg', 'audio/wav'))`,
    );
    await q.query(`
      CREATE TABLE audio_prompt (
        annex_id uuid NOT NULL REFERENCES annex(id),
        step varchar(40) NOT NULL CHECK (step ~ '^[a-z]+\\.[a-zA-Z]+$'),
        lang varchar(3) NOT NULL CHECK (lang IN ('ar', 'fr', 'zgh')),
        media_id uuid NOT NULL REFERENCES signage_media(id),
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (annex_id, step, lang)
      )`);
    await q.query(`CREATE INDEX audio_prompt_media_idx ON audio_prompt (media_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audio_prompt`);
    await q.query(`DELETE FROM signage_media WHERE content_type LIKE 'audio/%'`);
    await q.query(`ALTER TABLE signage_media DROP CONSTRAINT signage_media_content_type_check`);
    await q.query(
      `ALTER TABLE signage_media ADD CONSTRAINT signage_media_content_type_check CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm'))`,
    );
  }
}
