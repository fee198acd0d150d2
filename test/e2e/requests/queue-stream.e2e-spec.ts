import { get, IncomingMessage } from 'node:http';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule } from '@app/core';
import { QueueFeedRelay } from '@app/requests';
import { bearer, createTestApp, sessionToken, TestApp } from '../../support/app';
import { newStaff } from '../../support/factories';
import { otherAnnexId } from '../permissions/helpers';
import { citizenWithTokens, RESIDENCE_FORM, submit } from './helpers';

/** The worker's relay alone (LISTEN → live bus), as apps/worker runs it. */
@Module({ imports: [CoreModule], providers: [QueueFeedRelay] })
class RelayOnly {}

/** An open event stream and what it has said so far. */
class Stream {
  text = '';
  constructor(readonly res: IncomingMessage) {
    res.on('data', (c: Buffer) => (this.text += c.toString()));
  }
  /** Waits for a frame matching `pattern`; fails after 10 s naming what came. */
  async frame(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.text.split('\n\n').find((f) => pattern.test(f));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no frame matching ${pattern}; got: ${this.text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('the agent queue, pushed (GET /requests/stream) and conditional (ETag)', () => {
  let t: TestApp;
  let relay: INestApplicationContext;
  let port: number;
  let agent: string;
  const open = (query: string, headers: Record<string, string> = {}) =>
    new Promise<IncomingMessage>((ok, fail) =>
      get(`http://127.0.0.1:${port}/api/v1/requests/stream${query}`, { headers }, ok).on('error', fail),
    );
  const ticket = async (token: string) =>
    (await t.http.post('/api/v1/requests/stream-ticket').set(bearer(token)).expect(200)).body.ticket as string;

  beforeAll(async () => {
    t = await createTestApp();
    relay = await NestFactory.createApplicationContext(RelayOnly, { logger: false });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
    agent = await t.token('agent1', undefined, 1);
  });
  afterAll(async () => {
    await relay.close();
    await t.close();
  });

  it("sends my annex's changes with their queue row, and none of another annex's", async () => {
    const mine = new Stream(await open(`?ticket=${await ticket(agent)}`));
    expect(mine.res.statusCode).toBe(200);
    expect(mine.res.headers['content-type']).toMatch(/text\/event-stream/);
    const ready = await mine.frame(/event: ready/);
    const other = await otherAnnexId(t.db);
    const elsewhere = await sessionToken(t, { sub: (await newStaff(t.db, 'agent')).id, kind: 'staff', role: 'agent', annexId: other });
    const theirs = new Stream(await open(`?ticket=${await ticket(elsewhere)}`));
    await theirs.frame(/event: ready/);

    const c = await citizenWithTokens(t);
    const filed = (await submit(t, c.kiosk, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201)).body;
    const frame = await mine.frame(new RegExp(`event: request\\ndata: .*"id":"${filed.id}"`));
    const data = JSON.parse(frame.split('data: ')[1]);
    // The row the queue shows: state, names with the CIN masked, and the version after the change.
    expect(data.request).toMatchObject({
      id: filed.id,
      trackingCode: filed.trackingCode,
      state: 'submitted',
      citizenCin: expect.stringMatching(/\*/),
    });
    // A list row: the form answers stay on the request's page.
    expect(data.request).not.toHaveProperty('form');
    expect(Number(/^id: (\d+)/m.exec(frame)![1])).toBeGreaterThan(Number(/^id: (\d+)/m.exec(ready)![1]));

    // A claim (assignee and state) is a change of the row too.
    await t.http.post(`/api/v1/requests/${filed.id}/claim`).set(bearer(agent)).expect(200);
    await mine.frame(new RegExp(`"id":"${filed.id}".*"state":"in_review"`));
    expect(theirs.text).not.toContain('event: request');

    // A change in the other annex reaches its staff, not mine.
    await t.db.query(`UPDATE service_request SET annex_id = $2 WHERE id = $1`, [filed.id, other]);
    await theirs.frame(new RegExp(`event: request\\ndata: .*"id":"${filed.id}"`));
    mine.res.destroy();
    theirs.res.destroy();
  });

  it('asks a reconnecting screen that missed changes to reload (Last-Event-ID)', async () => {
    const first = new Stream(await open(`?ticket=${await ticket(agent)}`));
    const version = Number(/^id: (\d+)/m.exec(await first.frame(/event: ready/))![1]);
    first.res.destroy();
    const c = await citizenWithTokens(t);
    await submit(t, c.kiosk, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const again = new Stream(await open(`?ticket=${await ticket(agent)}`, { 'Last-Event-ID': String(version) }));
    await again.frame(/event: resync/);
    again.res.destroy();
  });

  it('opens only with a live ticket of staff of an annex', async () => {
    const none = await open('');
    expect(none.statusCode).toBe(401);
    none.resume();
    // An access token is not a ticket (nor the other way round).
    const asToken = await open(`?ticket=${agent}`);
    expect(asToken.statusCode).toBe(401);
    asToken.resume();
    const t1 = await ticket(agent);
    await t.http.get('/api/v1/requests').set(bearer(t1)).expect(401);
    // A citizen may not ask for one; a province-wide admin has no one annex's queue.
    const c = await citizenWithTokens(t);
    await t.http.post('/api/v1/requests/stream-ticket').set(bearer(c.web)).expect(403);
    const province = await sessionToken(t, { sub: (await newStaff(t.db, 'admin')).id, kind: 'staff', role: 'admin', annexId: null });
    await t.http.post('/api/v1/requests/stream-ticket').set(bearer(province)).expect(403);
  });

  it('answers 304 to If-None-Match until something in the queue changes, and pages 25 at a time', async () => {
    const first = await t.http.get('/api/v1/requests?limit=25').set(bearer(agent)).expect(200);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\/"q\d+\./);
    await t.http.get('/api/v1/requests?limit=25').set(bearer(agent)).set('If-None-Match', tag).expect(304);
    // Another view (a filter, another agent) has another tag.
    const filtered = await t.http.get('/api/v1/requests?limit=25&state=submitted').set(bearer(agent)).expect(200);
    expect(filtered.headers.etag).not.toBe(tag);
    const agent2 = await t.token('agent2', undefined, 2);
    await t.http.get('/api/v1/requests?limit=25').set(bearer(agent2)).set('If-None-Match', tag).expect(200);

    const c = await citizenWithTokens(t);
    for (let i = 0; i < 3; i++) await submit(t, c.kiosk, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const changed = await t.http.get('/api/v1/requests?limit=25').set(bearer(agent)).set('If-None-Match', tag).expect(200);
    expect(changed.headers.etag).not.toBe(tag);

    // Keyset pages: 2 at a time through this citizen's 3 requests, no row twice.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.http
        .get(`/api/v1/requests?limit=2&q=${c.cin}${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(agent))
        .expect(200);
      seen.push(...page.body.items.map((r: { id: string }) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    // Citizens' own lists carry no queue tag.
    const own = await t.http.get('/api/v1/requests').set(bearer(c.web)).expect(200);
    expect(own.headers.etag).toBeUndefined();
  });
});
