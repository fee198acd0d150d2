/**
 * Realistic volume for the agent queue and citizens' histories:
 *   npm run seed:bulk                          50,000 citizens, 200,000 requests
 *   npm run seed:bulk -- --large               250,000 citizens, 1,000,000 requests
 *   npm run seed:bulk -- --requests 1000000 [--citizens 250000] [--annex BRK5]
 * Rows are made in PostgreSQL (INSERT … SELECT generate_series), batch by batch, with progress on
 * stderr. Runs again add more rows. Needs the migrations and the demo annex (`npm run seed:demo`).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/core/src/database/data-source-options';
import { DECISION_STATES, reachableFrom, RequestState, sqlStates } from '../libs/requests/src/requests/state-machine';

/** How the generated requests spread over the states: past years are all closed, this year has open ones too. */
const PAST_MIX: Partial<Record<RequestState, number>> = { delivered: 0.85, rejected: 0.08, cancelled: 0.07 };
const CURRENT_MIX: Partial<Record<RequestState, number>> = {
  delivered: 0.6,
  rejected: 0.05,
  cancelled: 0.05,
  submitted: 0.1,
  in_review: 0.08,
  needs_info: 0.03,
  approved: 0.03,
  ready_for_pickup: 0.03,
  forwarded: 0.03,
};
/** `CASE WHEN r < p1 THEN 's1' … END` over a mix (state names are constants, never input). */
function pick(mix: Partial<Record<RequestState, number>>, r: string): string {
  const entries = Object.entries(mix) as [RequestState, number][];
  let sum = 0;
  const whens = entries.slice(0, -1).map(([s, w]) => `WHEN ${r} < ${(sum += w).toFixed(2)} THEN '${s}'`);
  return `CASE ${whens.join(' ')} ELSE '${entries[entries.length - 1][0]}' END`;
}
/** States whose row has a decision time: the decisions and whatever follows one. */
const decided = reachableFrom(DECISION_STATES);
const DECIDED_SQL = `(${[...decided].map((s) => `'${s}'`).join(', ')})`;
const CLOSED_SQL = sqlStates((f) => f.final);

export interface BulkOptions {
  citizens: number;
  requests: number;
  annexCode: string;
  batch?: number;
  log?: (line: string) => void;
}

type Run = (sql: string, params?: unknown[]) => Promise<any>;

const FIRST = [
  ['Amina', 'أمينة'],
  ['Youssef', 'يوسف'],
  ['Fatima', 'فاطمة'],
  ['Mohamed', 'محمد'],
  ['Khadija', 'خديجة'],
  ['Hamza', 'حمزة'],
  ['Salma', 'سلمى'],
  ['Omar', 'عمر'],
  ['Zineb', 'زينب'],
  ['Ayoub', 'أيوب'],
  ['Meryem', 'مريم'],
  ['Karim', 'كريم'],
];
const LAST = [
  ['Berrada', 'برادة'],
  ['El Idrissi', 'الإدريسي'],
  ['Amrani', 'العمراني'],
  ['Benali', 'بنعلي'],
  ['Ouazzani', 'الوزاني'],
  ['Tazi', 'التازي'],
  ['Alaoui', 'العلوي'],
  ['Bennani', 'بناني'],
  ['Chraibi', 'الشرايبي'],
  ['Fassi', 'الفاسي'],
];

/** Inserts citizens and requests (with their events) into the annex; returns the counts made. */
export async function seedBulk(run: Run, o: BulkOptions): Promise<{ citizens: number; requests: number }> {
  const batch = o.batch ?? 10_000;
  const log = o.log ?? (() => undefined);
  const [annex] = await run(`SELECT id, code FROM annex WHERE code = $1`, [o.annexCode]);
  if (!annex) throw new Error(`annex ${o.annexCode} not found: run npm run seed:demo first`);

  // Citizens: CINs ZB0000001… continue after any earlier run.
  const [{ n: already }] = await run(`SELECT count(*)::int AS n FROM citizen WHERE cin LIKE 'ZB%'`);
  for (let done = 0; done < o.citizens; done += batch) {
    const size = Math.min(batch, o.citizens - done);
    await run(
      `INSERT INTO citizen (annex_id, cin, first_name, first_name_ar, last_name, last_name_ar, birth_date, sex, phone, neighbourhood_id,
                            preferred_language, preferred_channel, status, residence_from)
       SELECT $1, 'ZB' || lpad((n)::text, 7, '0'), ($3::text[])[1 + n % $5][1], ($3::text[])[1 + n % $5][2], ($4::text[])[1 + n % $6][1], ($4::text[])[1 + n % $6][2],
              date '1940-01-01' + (abs(hashint4(n)) % 24000), CASE WHEN n % 2 = 0 THEN 'F' ELSE 'M' END,
              '+2126' || lpad((n % 100000000)::text, 8, '0'), nb.ids[1 + n % cardinality(nb.ids)],
              (ARRAY['ar', 'fr', 'en'])[1 + n % 3], 'sms', 'unclaimed', date '2000-01-01' + (abs(hashint4(n + 7)) % 9000)
         FROM generate_series($2::int + 1, $2::int + $7::int) n,
              (SELECT array_agg(id ORDER BY code) AS ids FROM neighbourhood WHERE annex_id = $1) nb`,
      [annex.id, already + done, FIRST, LAST, FIRST.length, LAST.length, size],
    );
    log(`citizens ${done + size}/${o.citizens}`);
  }

  await run(`DROP TABLE IF EXISTS bulk_citizen, bulk_version`);
  await run(`CREATE TEMP TABLE bulk_citizen AS SELECT row_number() OVER (ORDER BY id)::int AS rn, id FROM citizen WHERE annex_id = $1`, [
    annex.id,
  ]);
  await run(`CREATE UNIQUE INDEX ON bulk_citizen (rn)`);
  await run(
    `CREATE TEMP TABLE bulk_version AS
       SELECT row_number() OVER (ORDER BY p.code)::int AS rn, v.id, v.procedure_code, v.channels, v.sla_hours
         FROM procedure p JOIN procedure_version v ON v.id = p.current_version_id`,
  );
  const [{ n: citizens }] = await run(`SELECT count(*)::int AS n FROM bulk_citizen`);
  const [{ n: versions }] = await run(`SELECT count(*)::int AS n FROM bulk_version`);
  const agents: string[] = (
    await run(`SELECT id FROM staff WHERE annex_id = $1 AND role IN ('agent', 'supervisor') ORDER BY username`, [annex.id])
  ).map((r: { id: string }) => r.id);
  if (!citizens || !versions || !agents.length) throw new Error('the annex needs citizens, agents and a guide');
  const [{ year }] = await run(`SELECT extract(year FROM now() AT TIME ZONE 'Africa/Casablanca')::int AS year`);

  // A third of the requests last year (all closed), the rest this year (recent ones still open).
  // A batch never straddles the two: with one batch for the whole set (the bench's quick seed of
  // 10,000) every request used to land last year, closed, and the SLA bench found 0 running clocks.
  const past = Math.floor(o.requests / 3);
  for (let done = 0, size = 0; done < o.requests; done += size) {
    size = Math.min(batch, (done < past ? past : o.requests) - done);
    const y = done < past ? year - 1 : year;
    const [{ last_value: last }] = await run(
      `INSERT INTO tracking_counter (annex_id, year, last_value) VALUES ($1, $2, $3)
       ON CONFLICT (annex_id, year) DO UPDATE SET last_value = tracking_counter.last_value + EXCLUDED.last_value RETURNING last_value`,
      [annex.id, y, size],
    );
    await run(
      `WITH src AS (
         SELECT g, s.r1, s.r2, c.id AS citizen_id, v.id AS version_id, v.procedure_code, v.channels, v.sla_hours,
                CASE WHEN $8::bool THEN ${pick(PAST_MIX, 's.r1')} ELSE ${pick(CURRENT_MIX, 's.r1')} END AS state
           FROM generate_series(1, $3::int) g
           CROSS JOIN LATERAL (SELECT random() + 0 * g AS r1, random() + 0 * g AS r2) s
           JOIN bulk_citizen c ON c.rn = 1 + abs(hashint4(g + $2::int)) % $4::int
           JOIN bulk_version v ON v.rn = 1 + (g + $2::int) % $5::int
       ), timed AS (
         SELECT *, CASE WHEN $8::bool THEN make_timestamptz($7::int, 1, 1, 9, 0, 0, 'Africa/Casablanca') + r2 * interval '360 days'
                        WHEN state IN ${CLOSED_SQL}
                          THEN date_trunc('year', now()) + r2 * (now() - date_trunc('year', now()))
                        ELSE now() - r2 * interval '15 days' END AS at
           FROM src
       ), ins AS (
         INSERT INTO service_request (annex_id, citizen_id, procedure_code, procedure_version_id, tracking_code, channel, filed_by, filed_by_kind,
                                      state, assignee_id, counter, form, sla_due_at, overdue, submitted_at, updated_at, decided_at, closed_at, version)
         SELECT $1, citizen_id, procedure_code, version_id, $6 || lpad(($2::int + g)::text, 6, '0'), channels[1 + abs(hashint4(g * 31 + $2::int)) % cardinality(channels)],
                citizen_id, 'citizen', state, CASE WHEN state = 'submitted' THEN NULL ELSE ($9::uuid[])[1 + g % cardinality($9::uuid[])] END,
                CASE WHEN state = 'submitted' THEN NULL ELSE 1 + g % 4 END, '{}'::jsonb,
                at + sla_hours * interval '3 hours', at + sla_hours * interval '3 hours' < now() AND state NOT IN ${CLOSED_SQL},
                at, at + interval '2 days' * r1,
                CASE WHEN state IN ${DECIDED_SQL} THEN at + interval '1 day' * r1 END,
                CASE WHEN state IN ${CLOSED_SQL} THEN at + interval '2 days' * r1 END,
                CASE WHEN state = 'submitted' THEN 1 ELSE 3 END
           FROM timed
         RETURNING id, citizen_id, channel, state, submitted_at, updated_at
       )
       INSERT INTO request_event (request_id, actor_id, actor_kind, role, channel, from_state, to_state, type, at)
       SELECT id, citizen_id, 'citizen', 'citizen', channel, NULL, 'submitted', 'request.submitted', submitted_at FROM ins
       UNION ALL
       SELECT id, NULL, 'system', NULL, NULL, 'submitted', state, 'request.state_changed', updated_at FROM ins WHERE state <> 'submitted'`,
      [annex.id, last - size, size, citizens, versions, `${annex.code}-${y}-`, y, y < year, agents],
    );
    log(`requests ${done + size}/${o.requests}`);
  }
  await run(`DROP TABLE bulk_citizen, bulk_version`);
  await run(`ANALYZE citizen`);
  await run(`ANALYZE service_request`);
  await run(`ANALYZE request_event`);
  return { citizens: o.citizens, requests: o.requests };
}

function parseArgs(argv: string[]): Omit<BulkOptions, 'log'> {
  const large = argv.includes('--large');
  const num = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} needs a whole number`);
    return v;
  };
  const requests = num('requests', large ? 1_000_000 : 200_000);
  const i = argv.indexOf('--annex');
  return { requests, citizens: num('citizens', Math.max(1_000, Math.round(requests / 4))), annexCode: i >= 0 ? argv[i + 1] : 'BRK5' };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('Invalid configuration: DATABASE_URL is required\n');
    process.exit(78);
  }
  const opts = parseArgs(process.argv.slice(2));
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 1 } }));
  await ds.initialize();
  const started = Date.now();
  try {
    const qr = ds.createQueryRunner();
    const made = await seedBulk((sql, params) => qr.query(sql, params), {
      ...opts,
      log: (line) => process.stderr.write(`[seed:bulk] ${line} (${Math.round((Date.now() - started) / 1000)} s)\n`),
    });
    await qr.release();
    process.stdout.write(`bulk data loaded into ${opts.annexCode}: ${made.citizens} citizens, ${made.requests} requests\n`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
