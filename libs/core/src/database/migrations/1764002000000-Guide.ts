import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The digital guide: a procedure is a stable code; each admin edit writes a new immutable
 * version, and a request keeps the version it was made under.
 */
export class Guide1764002000000 implements MigrationInterface {
  name = 'Guide1764002000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes the
    // wrapper safe to declare IMMUTABLE, which generated columns and indexes require.
    await q.query(`
      CREATE FUNCTION guide_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    await q.query(`
      CREATE TABLE procedure (
        code varchar(32) PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
        category varchar(32) NOT NULL,
        current_version_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE procedure_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procedure_code varchar(32) NOT NULL REFERENCES procedure(code),
        version int NOT NULL CHECK (version > 0),
        category varchar(32) NOT NULL,
        name jsonb NOT NULL,
        description jsonb NOT NULL,
        documents jsonb NOT NULL DEFAULT '[]'::jsonb,
        fee_mad numeric(10, 2) NOT NULL DEFAULT 0 CHECK (fee_mad >= 0),
        legal_basis jsonb,
        sla_hours int NOT NULL CHECK (sla_hours > 0),
        channels text[] NOT NULL CHECK (channels <@ ARRAY['web', 'kiosk', 'counter', 'api'] AND cardinality(channels) > 0),
        in_person boolean NOT NULL DEFAULT false,
        external boolean NOT NULL DEFAULT false,
        external_agency jsonb,
        fields jsonb NOT NULL DEFAULT '[]'::jsonb,
        issues_certificate boolean NOT NULL DEFAULT false,
        certificate_template jsonb,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        search_ar tsvector GENERATED ALWAYS AS (to_tsvector('simple', guide_unaccent(coalesce(name->>'ar', '') || ' ' || coalesce(description->>'ar', '')))) STORED,
        search_fr tsvector GENERATED ALWAYS AS (to_tsvector('simple', guide_unaccent(coalesce(name->>'fr', '') || ' ' || coalesce(description->>'fr', '')))) STORED,
        search_en tsvector GENERATED ALWAYS AS (to_tsvector('simple', guide_unaccent(coalesce(name->>'en', '') || ' ' || coalesce(description->>'en', '')))) STORED,
        UNIQUE (procedure_code, version),
        CHECK (NOT external OR external_agency IS NOT NULL),
        CHECK (NOT issues_certificate OR certificate_template IS NOT NULL)
      )`);
    await q.query(
      `ALTER TABLE procedure ADD CONSTRAINT procedure_current_version_fk FOREIGN KEY (current_version_id) REFERENCES procedure_version(id)`,
    );
    for (const lang of ['ar', 'fr', 'en']) {
      await q.query(`CREATE INDEX procedure_version_search_${lang}_idx ON procedure_version USING gin (search_${lang})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure DROP CONSTRAINT procedure_current_version_fk`);
    await q.query(`DROP TABLE procedure_version`);
    await q.query(`DROP TABLE procedure`);
    await q.query(`DROP FUNCTION guide_unaccent(text)`);
  }
}
