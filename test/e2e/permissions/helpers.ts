import { DataSource } from 'typeorm';

/** A second annex (created once per database), for "staff or partner of another annex". */
export async function otherAnnexId(db: DataSource): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO annex (code, name_ar, name_fr, province, pachalik) VALUES ('OTH1', 'ملحقة أخرى', 'Autre annexe', 'Berkane', 'Berkane')
     ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
  );
  return row.id;
}

/** What a refused act must leave untouched: the row's state and version, its events and its outbox rows (the SMS it would send). */
export async function footprint(
  db: DataSource,
  requestId: string,
): Promise<{ state: string; version: number; events: number; outbox: number }> {
  const [r] = await db.query(
    `SELECT state, version,
            (SELECT count(*)::int FROM request_event WHERE request_id = $1) AS events,
            (SELECT count(*)::int FROM outbox_message WHERE payload->>'requestId' = $1::text OR payload->'data'->>'requestId' = $1::text) AS outbox
       FROM service_request WHERE id = $1`,
    [requestId],
  );
  return r;
}
