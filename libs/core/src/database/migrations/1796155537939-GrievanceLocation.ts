import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a grievance is about, as Open311 GeoReport v2 clients post it: WGS84 latitude/longitude
 * (numeric columns: PostGIS is not needed to store and show a point), a free address, and a media
 * URL. The public listing filters on created_at (the spec's start_date/end_date), which the
 * (annex_id, created_at) index does not serve across annexes.
 */
export class GrievanceLocation1796155537939 implements MigrationInterface {
  name = 'GrievanceLocation1796155537939';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE grievance
        ADD COLUMN lat numeric(9, 6) CHECK (lat BETWEEN -90 AND 90),
        ADD COLUMN long numeric(9, 6) CHECK (long BETWEEN -180 AND 180),
        ADD COLUMN address_string varchar(1000),
        ADD COLUMN media_url varchar(2000),
        ADD CONSTRAINT grievance_lat_long_together CHECK ((lat IS NULL) = (long IS NULL))`);
    await q.query(`CREATE INDEX grievance_created_idx ON grievance (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS grievance_created_idx`);
    await q.query(
      `ALTER TABLE grievance DROP CONSTRAINT grievance_lat_long_together, DROP COLUMN media_url, DROP COLUMN address_string, DROP COLUMN long, DROP COLUMN lat`,
    );
  }
}
