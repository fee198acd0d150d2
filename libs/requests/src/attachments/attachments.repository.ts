import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AttachmentInsert {
  id: string;
  requestId: string;
  uploadedBy: string;
  uploadedByKind: string;
  documentCode: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

/** The `request_attachment` table (owned by the requests library; retention purges it). */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, a: AttachmentInsert): Promise<Record<string, any>> {
    const [row] = await m.query(
      `INSERT INTO request_attachment (id, request_id, uploaded_by, uploaded_by_kind, document_code, file_name, content_type, size_bytes, sha256, storage_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [a.id, a.requestId, a.uploadedBy, a.uploadedByKind, a.documentCode, a.fileName, a.contentType, a.sizeBytes, a.sha256, a.storageKey],
    );
    return row;
  }

  /** One page in upload order, after the cursor `[created_at in µs, id]`. */
  page(requestId: string, after: unknown[] | null, limit: number): Promise<Record<string, any>[]> {
    return this.db.query(
      `SELECT *, (extract(epoch FROM created_at) * 1000000)::bigint::text AS sort_key FROM request_attachment
        WHERE request_id = $1 AND ($2::bigint IS NULL OR (created_at, id) > ('epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [requestId, after ? String(after[0]) : null, after ? String(after[1]) : null, limit],
    );
  }

  async find(requestId: string, attachmentId: string): Promise<Record<string, any> | undefined> {
    const [row] = await this.db.query(`SELECT * FROM request_attachment WHERE id = $1 AND request_id = $2 AND purged_at IS NULL`, [
      attachmentId,
      requestId,
    ]);
    return row;
  }
}
