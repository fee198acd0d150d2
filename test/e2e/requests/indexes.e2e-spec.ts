import { QueryRunner } from 'typeorm';
import { historyQuery, OPEN_STATES, queueQuery, QueueFilter } from '@app/requests';
import { seedBulk } from '../../../scripts/seed-bulk';
import { createTestApp, TestApp } from '../../support/app';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/**
 * The agent queue and a citizen's history must stay index-driven at volume. 20,000 requests are
 * made with the bulk seeder inside a transaction that is rolled back, so no other test sees them.
 */
describe('request indexes (EXPLAIN at volume)', () => {
  let t: TestApp;
  let qr: QueryRunner;
  let annexId: string;
  let agentId: string;
  let citizenId: string;

  beforeAll(async () => {
    t = await createTestApp();
    qr = t.db.createQueryRunner();
    await qr.startTransaction();
    [{ id: annexId }] = await qr.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, pachalik) VALUES ('BLK1', 'ملحقة', 'Annexe volume', 'Berkane', 'Berkane') RETURNING id`,
    );
    [{ id: agentId }] = await qr.query(
      `INSERT INTO staff (annex_id, username, full_name, role, password_hash) VALUES ($1, 'bulk-agent', 'Bulk', 'agent', 'x') RETURNING id`,
      [annexId],
    );
    await seedBulk((sql, params) => qr.query(sql, params), { citizens: 2_000, requests: 20_000, annexCode: 'BLK1', batch: 5_000 });
    [{ citizen_id: citizenId }] = await qr.query(`SELECT citizen_id FROM service_request WHERE annex_id = $1 LIMIT 1`, [annexId]);
  }, 120_000);

  afterAll(async () => {
    await qr.rollbackTransaction();
    await qr.release();
    await t.close();
  });

  /** Partial indexes whose predicate is the open states (migrations RequestQueueIndexes, SlaCountsIndex). */
  const OPEN_ONLY = new Set(['service_request_open_due_idx', 'service_request_open_counts_idx']);
  const plan = async ({ sql, params }: { sql: string; params: unknown[] }): Promise<PlanNode[]> => {
    const [row] = await qr.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return nodes(row['QUERY PLAN'][0].Plan);
  };
  /** Seq scans of service_request, and the service_request indexes used (a bitmap index scan names no relation). */
  const scansOf = (all: PlanNode[]) => ({
    seq: all.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'service_request'),
    indexes: all.map((n) => n['Index Name']).filter((i): i is string => !!i?.startsWith('service_request_')),
    /**
     * Index reads narrowed neither to a state nor to the open requests (the partial indexes over
     * the open states): at volume these walk every closed, long-past-due request first.
     */
    unnarrowed: all.filter(
      (n) => n['Index Name']?.startsWith('service_request_') && !OPEN_ONLY.has(n['Index Name']) && !/\bstate\b/.test(n['Index Cond'] ?? ''),
    ),
  });

  it('has the volume it claims to test', async () => {
    const [{ n }] = await qr.query(`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'service_request'`);
    expect(n).toBeGreaterThanOrEqual(20_000);
  });

  const queue = (f: Partial<QueueFilter>) => queueQuery({ annexId, after: null, limit: 20, ...f });
  it.each([
    ['the open requests by SLA due (no filter)', {}],
    ['one state', { states: ['submitted' as const] }],
    ['the open states', { states: [...OPEN_STATES] }],
    ['overdue', { overdue: true }],
    ['my requests', { assigneeId: 'AGENT' }],
    ['one procedure on one channel', { procedure: 'RESIDENCE', channel: 'counter' as const, states: ['in_review' as const] }],
    ['a later page', { after: ['1800000000000000', '00000000-0000-0000-0000-000000000000'] }],
  ])('serves the agent queue from an index: %s', async (_name, filter) => {
    const f = { ...filter } as Partial<QueueFilter>;
    if (f.assigneeId === 'AGENT') f.assigneeId = agentId;
    const scans = scansOf(await plan(queue(f)));
    expect(scans.seq).toEqual([]);
    expect(scans.indexes.length).toBeGreaterThan(0);
    expect(scans.unnarrowed).toEqual([]);
  });

  it('would notice a missing index: without them the same queue query scans the table', async () => {
    await qr.query('SAVEPOINT no_indexes');
    try {
      await qr.query('DROP INDEX service_request_queue_idx, service_request_open_due_idx, service_request_open_counts_idx');
      const scans = scansOf(await plan(queue({})));
      expect(scans.seq.length + scans.unnarrowed.length).toBeGreaterThan(0);
    } finally {
      await qr.query('ROLLBACK TO SAVEPOINT no_indexes');
    }
  });

  it("serves a citizen's history from the citizen index", async () => {
    const scans = scansOf(await plan(historyQuery({ citizenId, after: null, limit: 20 })));
    expect(scans.seq).toEqual([]);
    expect(scans.indexes).toContain('service_request_citizen_idx');
  });
});
