import { MigrationInterface, QueryRunner } from 'typeorm';

/** Citizens (the CAU register), staff and device accounts, counters, refresh-token families. */
export class Accounts1764000000100 implements MigrationInterface {
  name = 'Accounts1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE citizen (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        cin varchar(10) NOT NULL UNIQUE CHECK (cin ~ '^[A-Z]{1,2}[0-9]{1,8}$'),
        first_name text NOT NULL,
        last_name text NOT NULL,
        first_name_ar text NOT NULL,
        last_name_ar text NOT NULL,
        birth_date date NOT NULL,
        sex char(1) NOT NULL CHECK (sex IN ('F', 'M')),
        phone varchar(16) NOT NULL CHECK (phone ~ '^\\+212[67][0-9]{8}$'),
        email varchar(254),
        neighbourhood_id uuid REFERENCES neighbourhood(id),
        address_line text,
        preferred_language varchar(2) NOT NULL DEFAULT 'fr' CHECK (preferred_language IN ('ar', 'fr', 'en')),
        preferred_channel varchar(5) NOT NULL DEFAULT 'sms' CHECK (preferred_channel IN ('sms', 'email', 'both')),
        password_hash text,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'unclaimed', 'disabled')),
        assisted_by uuid,
        residence_from date NOT NULL DEFAULT CURRENT_DATE,
        residence_to date,
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX citizen_phone_idx ON citizen (phone)`);
    await q.query(`CREATE INDEX citizen_annex_neighbourhood_idx ON citizen (annex_id, neighbourhood_id) WHERE residence_to IS NULL`);
    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid REFERENCES annex(id),
        username varchar(64) NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
        full_name text NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (annex_id IS NOT NULL OR role = 'admin')
      )`);
    await q.query(`
      CREATE TABLE counter (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        number int NOT NULL CHECK (number > 0),
        label text NOT NULL DEFAULT '',
        groups text[] NOT NULL DEFAULT '{}',
        UNIQUE (annex_id, number)
      )`);
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        subject_id uuid NOT NULL,
        subject_kind varchar(8) NOT NULL CHECK (subject_kind IN ('citizen', 'staff')),
        token_hash char(64) NOT NULL UNIQUE,
        counter int,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE counter`);
    await q.query(`DROP TABLE staff`);
    await q.query(`DROP TABLE citizen`);
  }
}
