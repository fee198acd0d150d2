import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A citizen who moves to another annex keeps one account: the citizen row follows them (the new
 * annex's register and census), and each residence they left is kept here, so the old annex's
 * census still counts the move out and its history stays. Requests keep the annex that handled them.
 */
export class CitizenResidence1796158400100 implements MigrationInterface {
  name = 'CitizenResidence1796158400100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE citizen_residence (
        id bigserial PRIMARY KEY,
        citizen_id uuid NOT NULL REFERENCES citizen(id) ON DELETE CASCADE,
        annex_id uuid NOT NULL REFERENCES annex(id),
        neighbourhood_id uuid REFERENCES neighbourhood(id),
        residence_from date NOT NULL,
        residence_to date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX citizen_residence_citizen_idx ON citizen_residence (citizen_id)`);
    await q.query(`CREATE INDEX citizen_residence_annex_idx ON citizen_residence (annex_id, residence_to)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE citizen_residence`);
  }
}
