import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { newStaff } from '../../support/factories';
import { citizenWithTokens, RESIDENCE_FORM, submit } from '../requests/helpers';
import { startWorker } from '../../support/worker';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(300, 0x20),
  Buffer.from('%%EOF\n'),
]);
const YEARS_AGO = (n: number) => `now() - interval '${n} years'`;

describe('retention: the worker deletes or anonymises what is past its period, and an admin sees a dry run first', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  /** Real data made through the API, then aged as if years had passed (the "aged copy"). */
  async function agedData() {
    const c = await citizenWithTokens(t);
    const agent = await t.token('agent1');
    // Refresh tokens: one rotated long ago, one live.
    const login = await t.http.post('/api/v1/auth/login').send({ login: c.cin, password: c.password }).expect(200);
    const live = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    await t.db.query(`UPDATE refresh_token SET used_at = now() - interval '8 days' WHERE subject_id = $1 AND used_at IS NOT NULL`, [c.id]);
    // A claim code used long ago.
    await t.db.query(
      `INSERT INTO one_time_code (purpose, subject_id, code_hash, expires_at, used_at) VALUES ('claim', $1, repeat('0', 64), now() - interval '9 days', now() - interval '9 days')`,
      [c.id],
    );
    // A request closed six years ago with its document, and a recent open one with its document.
    const old = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const oldDoc = await t.http
      .post(`/api/v1/requests/${old.body.id}/attachments`)
      .set(bearer(c.web))
      .attach('file', PDF, { filename: 'old.pdf', contentType: 'application/pdf' })
      .expect(201);
    await t.db.query(`UPDATE service_request SET state = 'rejected', closed_at = ${YEARS_AGO(6)} WHERE id = $1`, [old.body.id]);
    const fresh = await submit(t, c.web, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const freshDoc = await t.http
      .post(`/api/v1/requests/${fresh.body.id}/attachments`)
      .set(bearer(c.web))
      .attach('file', PDF, { filename: 'new.pdf', contentType: 'application/pdf' })
      .expect(201);
    // Reads: one six years ago (the log only takes inserts), one today.
    const staff = await newStaff(t.db, 'agent');
    await t.db.query(
      `INSERT INTO citizen_access_log (citizen_id, staff_id, role, action, at) VALUES ($1, $2, 'agent', 'citizen', ${YEARS_AGO(6)})`,
      [c.id, staff.id],
    );
    await t.http.get(`/api/v1/requests/${fresh.body.id}`).set(bearer(agent)).expect(200);
    // A grievance closed six years ago, filed without an account.
    const g = await t.http
      .post('/api/v1/grievances')
      .send({
        kind: 'grievance',
        subject: 'Attente',
        description: 'Deux heures au guichet 4.',
        phone: '+212666666666',
        publicConsent: false,
      })
      .expect(201);
    await t.db.query(`UPDATE grievance SET state = 'closed', updated_at = ${YEARS_AGO(6)} WHERE id = $1`, [g.body.id]);
    // A ticket and a notification from two years ago, a relayed outbox message from two months ago.
    const [{ annex_id: annexId }] = await t.db.query(`SELECT annex_id FROM citizen WHERE id = $1`, [c.id]);
    const [ticket] = await t.db.query(
      `INSERT INTO ticket (annex_id, day, grp, number, citizen_id, issued_by, created_at) VALUES ($1, current_date - 730, 'A', 'A999', $2, $3, ${YEARS_AGO(2)}) RETURNING id`,
      [annexId, c.id, staff.id],
    );
    const [note] = await t.db.query(
      `INSERT INTO notification (idempotency_key, job_id, template, channel, recipient_kind, recipient_id, destination_masked, language, payload, status, created_at)
       VALUES ($1, 'j', 'otp', 'sms', 'citizen', $2, '+2126****66', 'fr', '{"code":"123456"}', 'sent', ${YEARS_AGO(2)}) RETURNING id`,
      [`retention-test:${c.id}`, c.id],
    );
    const [outbox] = await t.db.query(
      `INSERT INTO outbox_message (topic, payload, idempotency_key, created_at, relayed_at) VALUES ('notify', '{"phone":"+212666666666"}', $1, now() - interval '60 days', now() - interval '60 days') RETURNING id`,
      [`retention-test:${c.id}`],
    );
    return {
      live: live.body.refreshToken as string,
      c,
      oldDoc: oldDoc.body.id as string,
      freshDoc: freshDoc.body.id as string,
      g: g.body.id as string,
      ticket: ticket.id,
      note: note.id,
      outbox: outbox.id,
      old: old.body.id,
      fresh: fresh.body.id,
    };
  }

  const storageKey = async (id: string) =>
    (await t.db.query(`SELECT storage_key FROM request_attachment WHERE id = $1`, [id]))[0].storage_key as string;

  it('reports a dry run to admins only, applies it in the worker, records each run, and keeps what is within its period', async () => {
    const d = await agedData();
    const uploads = resolve(t.app.get(AppConfig).UPLOAD_DIR);
    const oldFile = join(uploads, await storageKey(d.oldDoc));
    const freshFile = join(uploads, await storageKey(d.freshDoc));
    expect(existsSync(oldFile)).toBe(true);

    await t.http
      .get('/api/v1/ops/retention')
      .set(bearer(await t.token('supervisor')))
      .expect(403);
    const dry = await t.http
      .get('/api/v1/ops/retention')
      .set(bearer(await t.token('admin')))
      .expect(200);
    expect(dry.body.dryRun).toBe(true);
    const kinds = Object.fromEntries(dry.body.kinds.map((k: { kind: string }) => [k.kind, k]));
    expect(Object.keys(kinds).sort()).toEqual([
      'accessLog',
      'attachment',
      'grievance',
      'notification',
      'oneTimeCode',
      'outbox',
      'refreshToken',
      'ticket',
    ]);
    expect(kinds.attachment).toMatchObject({ days: 1825, action: 'delete-file', reason: expect.stringMatching(/appeal/) });
    for (const k of Object.keys(kinds)) expect(kinds[k].rows).toBeGreaterThanOrEqual(1);
    // The dry run changed nothing.
    expect(existsSync(oldFile)).toBe(true);
    expect((await t.db.query(`SELECT phone FROM grievance WHERE id = $1`, [d.g]))[0].phone).toBe('+212666666666');
    expect((await t.db.query(`SELECT dry_run FROM retention_run ORDER BY id DESC LIMIT 1`))[0].dry_run).toBe(true);

    const [{ max: before }] = await t.db.query(`SELECT COALESCE(max(id), 0) AS max FROM retention_run`);
    // The files of this jest worker share its database: a worker context an earlier file left
    // holding the retention lease would keep this one from its run at start for 1.5 periods.
    await t.db.query(`DELETE FROM periodic_lease WHERE name = 'RetentionJob'`);
    worker = await startWorker();
    const run = await eventually(
      async () => (await t.db.query(`SELECT counts FROM retention_run WHERE NOT dry_run AND id > $1`, [before]))[0],
    );
    for (const k of Object.keys(kinds)) expect(run.counts[k]).toBeGreaterThanOrEqual(1);

    // Past their period: gone or anonymised.
    expect(existsSync(oldFile)).toBe(false);
    expect((await t.db.query(`SELECT purged_at FROM request_attachment WHERE id = $1`, [d.oldDoc]))[0].purged_at).not.toBeNull();
    await t.http.get(`/api/v1/requests/${d.old}/attachments/${d.oldDoc}`).set(bearer(d.c.web)).expect(404);
    expect(
      await t.db.query(`SELECT 1 FROM citizen_access_log WHERE citizen_id = $1 AND at < now() - interval '5 years'`, [d.c.id]),
    ).toEqual([]);
    expect((await t.db.query(`SELECT phone, description, subject FROM grievance WHERE id = $1`, [d.g]))[0]).toEqual({
      phone: null,
      description: '',
      subject: 'Attente',
    });
    expect((await t.db.query(`SELECT citizen_id FROM ticket WHERE id = $1`, [d.ticket]))[0].citizen_id).toBeNull();
    expect((await t.db.query(`SELECT payload FROM notification WHERE id = $1`, [d.note]))[0].payload).toEqual({});
    expect(await t.db.query(`SELECT 1 FROM outbox_message WHERE id = $1`, [d.outbox])).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM one_time_code WHERE subject_id = $1`, [d.c.id])).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM refresh_token WHERE subject_id = $1 AND used_at IS NOT NULL`, [d.c.id])).toEqual([]);
    // Within their period: untouched.
    expect(existsSync(freshFile)).toBe(true);
    await t.http.get(`/api/v1/requests/${d.fresh}/attachments/${d.freshDoc}`).set(bearer(d.c.web)).expect(200);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM citizen_access_log WHERE citizen_id = $1`, [d.c.id]))[0].n).toBe(1);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: d.live }).expect(200);
    expect((await t.http.get('/api/v1/me/access-log').set(bearer(d.c.web)).expect(200)).body.items).toHaveLength(1);
  });
});
