import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SignageMediaInsert {
  id: string;
  annexId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
}

/** The `signage_media` table (owned by the reception library's signage). */
@Injectable()
export class SignageMediaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: SignageMediaInsert): Promise<Record<string, any>> {
    const [row] = await this.db.query(
      `INSERT INTO signage_media (id, annex_id, file_name, content_type, size_bytes, sha256, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [m.id, m.annexId, m.fileName, m.contentType, m.sizeBytes, m.sha256, m.uploadedBy],
    );
    return row;
  }

  /** Newest first, after the cursor `[created_at, id]`. */
  page(annexId: string, after: unknown[] | null, limit: number): Promise<Record<string, any>[]> {
    return this.db.query(
      `SELECT * FROM signage_media WHERE annex_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [annexId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  /** Any annex's file: the screens play it signed out. */
  async find(id: string): Promise<Record<string, any> | undefined> {
    const [row] = await this.db.query(`SELECT * FROM signage_media WHERE id = $1`, [id]);
    return row;
  }

  async findOwned(id: string, annexId: string | null): Promise<{ id: string; content_type: string } | undefined> {
    const [row] = await this.db.query(`SELECT id, content_type FROM signage_media WHERE id = $1 AND annex_id = $2`, [id, annexId]);
    return row;
  }

  /** Deletes the annex's file unless a screen item (by its `url`) or a spoken prompt still plays it. */
  async deleteUnused(id: string, annexId: string, url: string): Promise<boolean> {
    const [, n] = await this.db.query(
      `DELETE FROM signage_media m WHERE m.id = $1 AND m.annex_id = $2
          AND NOT EXISTS (SELECT 1 FROM signage_item i WHERE i.media_url = $3)
          AND NOT EXISTS (SELECT 1 FROM audio_prompt a WHERE a.media_id = m.id)
        RETURNING m.id`,
      [id, annexId, url],
    );
    return n > 0;
  }
}
