import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public holidays for working-time arithmetic. Fixed national holidays recur every year (MM-DD);
 * the movable religious ones (Eid al-Fitr, Eid al-Adha, 1 Muharram, Mawlid) are dated and added by
 * an admin each year once announced.
 */
export class Holidays1764006000000 implements MigrationInterface {
  name = 'Holidays1764006000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE holiday (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid REFERENCES annex(id),
        day date,
        month_day char(5) CHECK (month_day ~ '^[0-1][0-9]-[0-3][0-9]$'),
        name_ar text NOT NULL,
        name_fr text NOT NULL,
        CHECK ((day IS NULL) <> (month_day IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX holiday_day_uq ON holiday (COALESCE(annex_id, '00000000-0000-0000-0000-000000000000'::uuid), COALESCE(day, '0001-01-01'::date), COALESCE(month_day, ''))`,
    );
    await q.query(`
      INSERT INTO holiday (month_day, name_ar, name_fr) VALUES
        ('01-01', 'رأس السنة الميلادية', 'Nouvel An'),
        ('01-11', 'ذكرى تقديم وثيقة الاستقلال', 'Manifeste de l''Indépendance'),
        ('01-14', 'رأس السنة الأمازيغية', 'Nouvel An amazigh'),
        ('05-01', 'عيد الشغل', 'Fête du Travail'),
        ('07-30', 'عيد العرش', 'Fête du Trône'),
        ('08-14', 'ذكرى استرجاع وادي الذهب', 'Allégeance d''Oued Eddahab'),
        ('08-20', 'ذكرى ثورة الملك والشعب', 'Révolution du Roi et du Peuple'),
        ('08-21', 'عيد الشباب', 'Fête de la Jeunesse'),
        ('11-06', 'ذكرى المسيرة الخضراء', 'Marche Verte'),
        ('11-18', 'عيد الاستقلال', 'Fête de l''Indépendance')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE holiday`);
  }
}
