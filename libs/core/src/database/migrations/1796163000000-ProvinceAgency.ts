import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pilot named one province as the agency firearm-licence dossiers go to. On a platform of many
 * annexes the agency is the province (or prefecture) of the annex that forwards the dossier: one
 * `PROVINCE` agency, whose partners are bound to their annexes (a partner acts only on dossiers
 * forwarded to its agency in its annexes). Databases created before this change get their
 * per-province agency folded into it; new ones are created with it (the earlier migrations' data).
 */
export class ProvinceAgency1796163000000 implements MigrationInterface {
  name = 'ProvinceAgency1796163000000';

  async up(q: QueryRunner): Promise<void> {
    const name = `{"ar":"العمالة أو الإقليم","fr":"Province (ou préfecture)","en":"Province (or prefecture)"}`;
    await q.query(`INSERT INTO agency (code, name) VALUES ('PROVINCE', $1::jsonb) ON CONFLICT (code) DO NOTHING`, [name]);
    await q.query(
      `UPDATE procedure_version SET agency_code = 'PROVINCE', external_agency = $1::jsonb WHERE agency_code LIKE 'PROVINCE-%'`,
      [name],
    );
    await q.query(`UPDATE partner SET agency_code = 'PROVINCE' WHERE agency_code LIKE 'PROVINCE-%'`);
    await q.query(`UPDATE service_request SET agency_code = 'PROVINCE' WHERE agency_code LIKE 'PROVINCE-%'`);
    await q.query(`DELETE FROM agency WHERE code LIKE 'PROVINCE-%'`);
  }

  async down(): Promise<void> {
    // Folding per-province agencies into one is not undone: which province each came from is the
    // forwarding annex's, still recorded on each request.
  }
}
