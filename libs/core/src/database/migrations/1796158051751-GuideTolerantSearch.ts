import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The guide's search tolerates what people type: one normalised text per version (accents off,
 * lower case, Arabic diacritics and tatweel removed, alef/hamza forms, ى/ي, ة/ه folded, the article
 * ال dropped at the start of a word) with a trigram index, so misspellings match by similarity.
 */
export class GuideTolerantSearch1796158051751 implements MigrationInterface {
  name = 'GuideTolerantSearch1796158051751';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE FUNCTION guide_normalize(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT regexp_replace(
                 translate(regexp_replace(lower(guide_unaccent($1)), '[\u064B-\u0652\u0670\u0640]', '', 'g'), 'أإآٱىةؤئ', 'اااايهوي'),
                 '(^|\\s)ال', '\\1', 'g') $$`);
    await q.query(`
      ALTER TABLE procedure_version ADD COLUMN search_text text GENERATED ALWAYS AS (guide_normalize(
        coalesce(name->>'ar', '') || ' ' || coalesce(name->>'fr', '') || ' ' || coalesce(name->>'en', '') || ' ' ||
        coalesce(description->>'ar', '') || ' ' || coalesce(description->>'fr', '') || ' ' || coalesce(description->>'en', ''))) STORED`);
    await q.query(`CREATE INDEX procedure_version_search_text_trgm_idx ON procedure_version USING gin (search_text gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX procedure_version_search_text_trgm_idx`);
    await q.query(`ALTER TABLE procedure_version DROP COLUMN search_text`);
    await q.query(`DROP FUNCTION guide_normalize(text)`);
  }
}
