import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The `audio_prompt` table (owned by the reception library's signage). */
@Injectable()
export class AudioPromptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The annex's prompts with the type of the file each plays. */
  list(annexId: string): Promise<Record<string, any>[]> {
    return this.db.query(
      `SELECT a.*, m.content_type FROM audio_prompt a JOIN signage_media m ON m.id = a.media_id WHERE a.annex_id = $1 ORDER BY a.step, a.lang`,
      [annexId],
    );
  }

  async upsert(annexId: string, step: string, lang: string, mediaId: string, updatedBy: string): Promise<Record<string, any>> {
    const [row] = await this.db.query(
      `INSERT INTO audio_prompt (annex_id, step, lang, media_id, updated_by) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (annex_id, step, lang) DO UPDATE SET media_id = EXCLUDED.media_id, updated_by = EXCLUDED.updated_by, updated_at = now()
        RETURNING *`,
      [annexId, step, lang, mediaId, updatedBy],
    );
    return row;
  }

  async delete(annexId: string, step: string, lang: string): Promise<boolean> {
    const [, n] = await this.db.query(`DELETE FROM audio_prompt WHERE annex_id = $1 AND step = $2 AND lang = $3 RETURNING step`, [
      annexId,
      step,
      lang,
    ]);
    return n > 0;
  }
}
