import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface HolidayRow {
  id: string;
  day: string | null;
  month_day: string | null;
  name_ar: string;
  name_fr: string;
  annex_id: string | null;
}

const COLUMNS = `id, to_char(day, 'YYYY-MM-DD') AS day, month_day, name_ar, name_fr, annex_id`;

/** The `holiday` table (owned by the SLA library: the working-time calendar reads it). */
@Injectable()
export class HolidaysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(): Promise<HolidayRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM holiday ORDER BY COALESCE(to_char(day, 'YYYY-MM-DD'), month_day)`);
  }

  async annexExists(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM annex WHERE id = $1`, [id])).length > 0;
  }

  /** Throws the driver's unique violation (23505) for a date already listed. */
  async insert(h: {
    annexId: string | null;
    day: string | null;
    monthDay: string | null;
    nameAr: string;
    nameFr: string;
  }): Promise<HolidayRow> {
    const [r] = await this.db.query(
      `INSERT INTO holiday (annex_id, day, month_day, name_ar, name_fr) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [h.annexId, h.day, h.monthDay, h.nameAr, h.nameFr],
    );
    return r;
  }

  /** How many rows went (0 or 1). */
  async delete(id: string): Promise<number> {
    const [, n] = await this.db.query(`DELETE FROM holiday WHERE id = $1`, [id]);
    return n;
  }
}
