/** Named prepared statements against the same statements sent unnamed, on one connection. */
import { Pool, PoolClient } from 'pg';
import { statementName } from '../../libs/core/src/database/prepared';

interface Hot {
  name: string;
  sql: string;
  params(i: number): unknown[];
}

export async function measurePrepared(pool: Pool, calls: number) {
  const tracked = (
    await pool.query(
      `SELECT r.tracking_code AS code, c.cin FROM service_request r JOIN citizen c ON c.id = r.citizen_id ORDER BY random() LIMIT 500`,
    )
  ).rows;
  const sessions = (await pool.query(`SELECT family_id, subject_id FROM refresh_token ORDER BY random() LIMIT 100`)).rows;
  const codes = (await pool.query(`SELECT code FROM procedure ORDER BY code`)).rows.map((r: { code: string }) => r.code);
  const annexId = (await pool.query(`SELECT id FROM annex ORDER BY code LIMIT 1`)).rows[0]?.id ?? null;
  const citizenIds = (await pool.query(`SELECT id FROM citizen ORDER BY random() LIMIT 75`)).rows.map((r: { id: string }) => r.id);
  // The tracking and session texts are the product's (tracking.service.ts, sessions.ts); the guide detail has the shape of procedures.repository.ts's.
  const hot: Hot[] = [
    {
      name: 'tracking lookup',
      sql: `SELECT r.tracking_code, r.procedure_code, r.state, r.updated_at
         FROM service_request r JOIN citizen c ON c.id = r.citizen_id
        WHERE r.tracking_code = $1 AND c.cin = $2`,
      params: (i) => [tracked[i % tracked.length].code, tracked[i % tracked.length].cin],
    },
    {
      name: 'session check',
      sql: `SELECT EXISTS (SELECT 1 FROM refresh_token WHERE family_id = $1 AND subject_id = $2 AND revoked_at IS NULL AND expires_at > now()) AS live`,
      params: (i) =>
        sessions.length
          ? [sessions[i % sessions.length].family_id, sessions[i % sessions.length].subject_id]
          : ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
    },
    {
      // requests.repository.ts queueVersion: read before every staff list (its ETag) and stream opening.
      name: 'queue version',
      sql: `SELECT coalesce(sum(version), 0)::text AS v FROM queue_version WHERE $1::uuid IS NULL OR annex_id = $1`,
      params: () => [annexId],
    },
    {
      // requests.service.ts withCitizens: the names of a queue page's citizens.
      name: 'queue names',
      sql: `SELECT id, cin, first_name, last_name, first_name_ar, last_name_ar FROM citizen WHERE id = ANY($1::uuid[])`,
      params: (i) => [citizenIds.slice(i % 50, (i % 50) + 25)],
    },
    {
      name: 'guide detail',
      sql: `SELECT p.code, v.* FROM procedure p JOIN procedure_version v ON v.id = p.current_version_id WHERE p.code = $1`,
      params: (i) => [codes[i % codes.length]],
    },
  ];
  const client = await pool.connect();
  const rounds = 5;
  try {
    const time = async (c: PoolClient, h: Hot, named: boolean) => {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++)
        await c.query(named ? { name: statementName(h.sql), text: h.sql, values: h.params(i) } : { text: h.sql, values: h.params(i) });
      return ((performance.now() - t0) * 1000) / calls;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const statements = [];
    const ratios: number[] = [];
    for (const h of hot) {
      await time(client, h, true); // warm: prepared, cached pages
      const named: number[] = [];
      const unnamed: number[] = [];
      for (let r = 0; r < rounds; r++) {
        unnamed.push(await time(client, h, false));
        named.push(await time(client, h, true));
        ratios.push(named[r] / unnamed[r]);
      }
      statements.push({ name: h.name, preparedUs: Math.round(median(named)), unnamedUs: Math.round(median(unnamed)) });
    }
    return { statements, ratio: Number(median(ratios).toFixed(2)), rounds, calls };
  } finally {
    client.release();
  }
}
