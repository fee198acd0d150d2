import { LIFECYCLE, REQUEST_STATES, RequestState, TRANSITIONS } from '@app/requests';
import { bearer, createTestApp, TestApp } from '../../support/app';
import { citizenWithTokens, PASSPORT_FORM, RESIDENCE_FORM, submit } from './helpers';

/**
 * For every state, procedure kind (the annex's own, or forwarded to an agency), caller and
 * assignee situation: the moves GET /requests/{id} lists in `allowedTransitions` are exactly the
 * ones POST /requests/{id}/transitions accepts, and `claimable` is exactly what POST /claim accepts.
 */
describe('allowedTransitions is what POST /transitions accepts', () => {
  let t: TestApp;
  let callers: { name: string; token: string }[];
  let agent1: string;
  beforeAll(async () => {
    t = await createTestApp();
    const [a] = await t.db.query(`SELECT id FROM staff WHERE username = 'agent1'`);
    agent1 = a.id;
    callers = [
      { name: 'reception', token: await t.token('reception') },
      { name: 'agent1 (the assignee, when there is one)', token: await t.token('agent1', undefined, 2) },
      { name: 'agent2', token: await t.token('agent2', undefined, 3) },
      { name: 'supervisor', token: await t.token('supervisor') },
      { name: 'admin', token: await t.token('admin') },
      { name: 'kiosk', token: await t.token('kiosk') },
    ];
  });
  afterAll(async () => t.close());

  /** A fresh request of `procedure`, put in `state` with `assignee` (as the row would be after getting there). */
  async function requestIn(
    procedure: 'RESIDENCE' | 'PASSPORT',
    state: RequestState,
    assignee: string | null,
    citizen: string,
  ): Promise<string> {
    const r = await submit(
      t,
      citizen,
      procedure === 'RESIDENCE' ? { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM } : { procedureCode: 'PASSPORT', form: PASSPORT_FORM },
    ).expect(201);
    await t.db.query(
      `UPDATE service_request SET state = $2::varchar, assignee_id = $3::uuid, counter = CASE WHEN $3::uuid IS NULL THEN NULL ELSE 2 END, agency_code = CASE WHEN $2::varchar = 'forwarded' THEN 'DGSN' END WHERE id = $1`,
      [r.body.id, state, assignee],
    );
    return r.body.id;
  }

  async function body(grounds: { code: string }[], to: RequestState, id: string) {
    const [{ version }] = await t.db.query(`SELECT version FROM service_request WHERE id = $1`, [id]);
    return { to, version, reason: 'Motif de test, complet.', ...(to === 'rejected' && grounds.length ? { ground: grounds[0].code } : {}) };
  }

  for (const procedure of ['RESIDENCE', 'PASSPORT'] as const) {
    it(`${procedure}: every state, caller and target`, async () => {
      const mismatches: string[] = [];
      const grounds: { code: string }[] = (await t.http.get(`/api/v1/procedures/${procedure}`)).body.legalFrame?.refusalGrounds ?? [];
      let checked = 0;
      for (const state of REQUEST_STATES) {
        // Every move the table knows from this state (for anyone), and one it never allows.
        const targets = [...new Set([...TRANSITIONS.filter((r) => r.from.includes(state)).map((r) => r.to), 'submitted' as const])];
        // Who holds it matters only where the assignee alone decides.
        for (const assignee of LIFECYCLE[state].held ? ([null, 'agent1'] as const) : [null]) {
          const owner = (await citizenWithTokens(t)).web;
          const fresh = () => requestIn(procedure, state, assignee && agent1, owner);
          let id = await fresh();
          for (const { name, token } of [...callers, { name: 'the owner', token: owner }]) {
            const seen = await t.http.get(`/api/v1/requests/${id}`).set(bearer(token));
            const allowed = new Set<string>(seen.status === 200 ? seen.body.allowedTransitions.map((a: { to: string }) => a.to) : []);
            for (const to of targets) {
              const res = await t.http
                .post(`/api/v1/requests/${id}/transitions`)
                .set(bearer(token))
                .send(await body(grounds, to, id));
              checked++;
              const accepted = res.status === 200;
              if (accepted !== allowed.has(to))
                mismatches.push(
                  `${state} (assignee ${assignee ?? 'none'}) → ${to} by ${name}: listed ${allowed.has(to)}, answered ${res.status} ${res.body?.type ?? ''}`,
                );
              if (accepted) {
                // The move happened: go on from a fresh request in the same state.
                id = await fresh();
              }
            }
            if (seen.status === 200) {
              const claim = await t.http.post(`/api/v1/requests/${id}/claim`).set(bearer(token));
              if ((claim.status === 200) !== seen.body.claimable)
                mismatches.push(
                  `${state} (assignee ${assignee ?? 'none'}) claim by ${name}: listed ${seen.body.claimable}, answered ${claim.status}`,
                );
              if (claim.status === 200) id = await fresh();
            }
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(150);
    }, 300_000);
  }
});
