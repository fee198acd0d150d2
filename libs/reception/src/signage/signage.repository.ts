import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SignageInput } from './dto/signage.dto';

/** The `signage_item` table (owned by the reception library's signage). */
@Injectable()
export class SignageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** What plays now, for an annex by id or (signed out) by code. */
  current(annex: { id: string } | { code: string }): Promise<Record<string, any>[]> {
    return this.db.query(
      `SELECT s.* FROM signage_item s JOIN annex a ON a.id = s.annex_id
        WHERE ${'id' in annex ? 'a.id = $1' : 'a.code = $1'} AND (starts_at IS NULL OR starts_at <= now()) AND (ends_at IS NULL OR ends_at > now())
        ORDER BY position, created_at`,
      ['id' in annex ? annex.id : annex.code],
    );
  }

  private values(d: SignageInput): unknown[] {
    return [d.kind, d.title, d.body ?? {}, d.mediaUrl ?? null, d.position ?? 0, d.language ?? 'all', d.startsAt ?? null, d.endsAt ?? null];
  }

  async insert(annexId: string | null, d: SignageInput): Promise<Record<string, any>> {
    const [row] = await this.db.query(
      `INSERT INTO signage_item (annex_id, kind, title, body, media_url, position, language, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [annexId, ...this.values(d)],
    );
    return row;
  }

  /** The updated row, or undefined when the annex has no such item. */
  async update(id: string, annexId: string | null, d: SignageInput): Promise<Record<string, any> | undefined> {
    const [rows] = await this.db.query(
      `UPDATE signage_item SET kind = $3, title = $4, body = $5, media_url = $6, position = $7, language = $8, starts_at = $9, ends_at = $10, updated_at = now()
        WHERE id = $1 AND annex_id = $2 RETURNING *`,
      [id, annexId, ...this.values(d)],
    );
    return rows[0];
  }

  async delete(id: string, annexId: string | null): Promise<boolean> {
    const [, n] = await this.db.query(`DELETE FROM signage_item WHERE id = $1 AND annex_id = $2`, [id, annexId]);
    return n > 0;
  }
}
