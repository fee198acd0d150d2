import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface GrievancePhotoRow {
  id: string;
  grievance_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Date;
}

/** The `grievance_photo` table (owned by the reception library's grievances). */
@Injectable()
export class GrievancePhotosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Locks the grievance and counts its photos: with the lock, the count and the insert are one step. */
  async lockAndCount(m: EntityManager, grievanceId: string): Promise<number> {
    await m.query(`SELECT 1 FROM grievance WHERE id = $1 FOR UPDATE`, [grievanceId]);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM grievance_photo WHERE grievance_id = $1`, [grievanceId]);
    return n;
  }

  async insert(
    m: EntityManager,
    p: {
      id: string;
      grievanceId: string;
      fileName: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
      uploadedBy: string | null;
    },
  ): Promise<GrievancePhotoRow> {
    const [row] = await m.query(
      `INSERT INTO grievance_photo (id, grievance_id, file_name, content_type, size_bytes, sha256, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [p.id, p.grievanceId, p.fileName, p.contentType, p.sizeBytes, p.sha256, p.uploadedBy],
    );
    return row;
  }

  async find(grievanceId: string, photoId: string): Promise<GrievancePhotoRow | undefined> {
    const [row] = await this.db.query(`SELECT * FROM grievance_photo WHERE id = $1 AND grievance_id = $2`, [photoId, grievanceId]);
    return row;
  }

  /** Whether `tokenHash` is the grievance's live one-hour photo token. */
  async tokenHolds(grievanceId: string, tokenHash: string): Promise<boolean> {
    const [g] = await this.db.query(`SELECT id FROM grievance WHERE id = $1 AND photo_token_hash = $2 AND photo_token_expires_at > now()`, [
      grievanceId,
      tokenHash,
    ]);
    return Boolean(g);
  }
}
