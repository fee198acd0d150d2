import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SeasonalHoursRow {
  id: string;
  annex_id: string;
  name_ar: string;
  name_fr: string;
  starts_on: string;
  ends_on: string;
  opening_hours: Record<string, [string, string]>;
}

const COLUMNS = `id, annex_id, name_ar, name_fr, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, opening_hours`;

/** The `seasonal_hours` table (owned by the SLA library: the working-time calendar reads it). */
@Injectable()
export class SeasonalHoursRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(annexId: string): Promise<SeasonalHoursRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM seasonal_hours WHERE annex_id = $1 ORDER BY starts_on, id`, [annexId]);
  }

  async annexExists(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT id FROM annex WHERE id = $1`, [id])).length > 0;
  }

  async insert(h: {
    annexId: string;
    nameAr: string;
    nameFr: string;
    startsOn: string;
    endsOn: string;
    openingHours: Record<string, [string, string]>;
  }): Promise<SeasonalHoursRow> {
    const [row] = await this.db.query(
      `INSERT INTO seasonal_hours (annex_id, name_ar, name_fr, starts_on, ends_on, opening_hours) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [h.annexId, h.nameAr, h.nameFr, h.startsOn, h.endsOn, JSON.stringify(h.openingHours)],
    );
    return row;
  }

  /** Deletes the row if it is of `annexId` (null: any annex); answers how many rows went. */
  async delete(id: string, annexId: string | null): Promise<number> {
    const [, n] = await this.db.query(`DELETE FROM seasonal_hours WHERE id = $1 AND ($2::uuid IS NULL OR annex_id = $2)`, [id, annexId]);
    return n;
  }
}
