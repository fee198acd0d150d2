import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { AppConfig, outboxIdOf } from '@app/core';
import { NotificationsService } from '@app/notifications';
import { ProviderFactory } from '../../../libs/notifications/src/providers/provider.factory';
import { bearer, createTestApp, eventually, TestApp } from '../../support/app';
import { newCitizen } from '../../support/factories';
import { move, RESIDENCE_FORM, submit } from '../requests/helpers';
import { startWorker } from '../../support/worker';

describe('notifications', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  const mails: ParsedMail[] = [];
  const smsFile = join(mkdtempSync(join(tmpdir(), 'sms-')), 'sms.jsonl');
  const sms = (): { to: string; text: string; template: string; language: string }[] =>
    existsSync(smsFile)
      ? readFileSync(smsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        simpleParser(stream).then((m) => {
          mails.push(m);
          done();
        }, done);
      },
    });
    await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
    const port = (smtp.server.address() as { port: number }).port;
    Object.assign(process.env, { SMS_PROVIDER: 'file', SMS_FILE: smsFile, SMTP_URL: `smtp://127.0.0.1:${port}` });
    t = await createTestApp();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await new Promise<void>((ok) => smtp.close(ok));
    delete process.env.SMTP_URL;
  });

  async function citizen(language: 'ar' | 'fr' | 'en', channel: 'sms' | 'email' | 'both') {
    const c = await newCitizen(t.db, { preferredLanguage: language });
    const email = `${c.cin.toLowerCase()}@example.ma`;
    await t.db.query(`UPDATE citizen SET preferred_channel = $2, email = $3 WHERE id = $1`, [c.id, channel, email]);
    return { ...c, email, token: await t.token(c.cin, c.password) };
  }

  const notificationsOf = (id: string, token: string) => t.http.get(`/api/v1/requests/${id}/notifications`).set(bearer(token));

  it("sends one SMS in the citizen's language when a request is received, and shows its status", async () => {
    const c = await citizen('ar', 'sms');
    const r = await submit(t, c.token, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const line = await eventually(async () => sms().find((m) => m.to === c.phone && m.template === 'request.received'));
    expect(line.language).toBe('ar');
    expect(line.text).toContain(r.body.trackingCode);
    expect(line.text).toMatch(/[\u0600-\u06FF]/); // Arabic script
    // The Arabic SMS carries the same short link as the French one: tracking with the code filled in.
    expect(line.text).toContain(`/t/${r.body.trackingCode}`);
    expect(line.text.trim().endsWith(`/t/${r.body.trackingCode}`)).toBe(true);
    expect(sms().filter((m) => m.to === c.phone)).toHaveLength(1);
    const status = await eventually(async () => {
      const res = await notificationsOf(r.body.id, c.token).expect(200);
      return res.body.items.find((n: { status: string }) => n.status === 'sent') && res.body.items;
    });
    expect(status).toEqual([
      expect.objectContaining({ template: 'request.received', channel: 'sms', status: 'sent', attempts: 1, lastError: null }),
    ]);
    expect(status[0].destination).not.toContain(c.phone.slice(5, 9));
    // Another citizen cannot see them; staff can.
    const other = await citizen('fr', 'sms');
    await notificationsOf(r.body.id, other.token).expect(404);
    await notificationsOf(r.body.id, await t.token('agent1')).expect(200);
  });

  it('texts a ticket in the language reception chose for a visitor without an account, and refuses an unknown one', async () => {
    const reception = await t.token('reception');
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(reception))
      .send({ group: 'A', phone: '+212677777701', language: 'xx' })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('language'));
    const ticket = await t.http
      .post('/api/v1/tickets')
      .set(bearer(reception))
      .send({ group: 'A', phone: '+212677777701', language: 'ar' })
      .expect(201);
    const line = await eventually(async () => sms().find((m) => m.to === '+212677777701' && m.template === 'ticket.issued'));
    expect(line.language).toBe('ar');
    expect(line.text).toContain(ticket.body.number);
    expect(line.text).toMatch(/[\u0600-\u06FF]/);
    const zgh = await t.http
      .post('/api/v1/tickets')
      .set(bearer(reception))
      .send({ group: 'A', phone: '+212677777702', language: 'zgh' })
      .expect(201);
    const tifinagh = await eventually(async () => sms().find((m) => m.to === '+212677777702' && m.template === 'ticket.issued'));
    expect(tifinagh.language).toBe('zgh');
    expect(tifinagh.text).toContain(`ⵜⴰⵡⵔⵉⵇⵜ ⵏⵏⴽ ${zgh.body.number}.`);
  });

  it('sends both an SMS and an email (text and HTML parts) to a citizen who wants both', async () => {
    const c = await citizen('fr', 'both');
    const r = await submit(t, c.token, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const mail = await eventually(async () => mails.find((m) => m.subject?.includes(r.body.trackingCode)));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(c.email);
    expect(mail.text).toContain('Numéro de suivi');
    expect(mail.html).toContain('dir="ltr"');
    await eventually(async () => sms().find((m) => m.to === c.phone && m.template === 'request.received'));
    expect(mails.filter((m) => m.subject?.includes(r.body.trackingCode))).toHaveLength(1);
  });

  it('tells the citizen what is missing when an agent asks for information (English)', async () => {
    const c = await citizen('en', 'sms');
    const r = await submit(t, c.token, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    const agent = await t.token('agent2');
    await t.http.post(`/api/v1/requests/${r.body.id}/claim`).set(bearer(agent)).expect(200);
    await move(t, agent, r.body.id, 'needs_info', { reason: 'Please bring a recent electricity bill' }).expect(200);
    const line = await eventually(async () => sms().find((m) => m.to === c.phone && m.template === 'request.needs_info'));
    expect(line.text).toContain('Please bring a recent electricity bill');
    expect(line.language).toBe('en');
  });

  it('writes to a citizen who chose Tamazight in Tifinagh, SMS and email, with the annex under its Tamazight name', async () => {
    const c = await citizen('fr', 'both');
    await t.http
      .patch('/api/v1/me')
      .set(bearer(c.token))
      .send({ preferredLanguage: 'xx' })
      .expect(400)
      .expect((res) => {
        expect(res.body.errors[0].field).toBe('preferredLanguage');
      });
    const me = await t.http.patch('/api/v1/me').set(bearer(c.token)).send({ preferredLanguage: 'zgh' }).expect(200);
    expect(me.body.preferredLanguage).toBe('zgh');
    const [annex] = await t.db.query(`SELECT a.id, a.name_zgh FROM annex a JOIN citizen c ON c.annex_id = a.id WHERE c.id = $1`, [c.id]);
    await t.db.query(`UPDATE annex SET name_zgh = 'ⵜⴰⵎⵔⵏⵉⵜ ⵜⴰⵏⴱⴹⴰⵏⵜ ⵜⵉⵙⵙ 5' WHERE id = $1`, [annex.id]);
    try {
      const r = await submit(t, c.token, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
      const line = await eventually(async () => sms().find((m) => m.to === c.phone && m.template === 'request.received'));
      expect(line.language).toBe('zgh');
      expect(line.text.startsWith('ⵜⴰⵎⵔⵏⵉⵜ ⵜⴰⵏⴱⴹⴰⵏⵜ ⵜⵉⵙⵙ 5: ⵉⵜⵜⵓⵎⵥ ⵓⵙⵓⵜⵔ')).toBe(true);
      expect(line.text.trim().endsWith(`/t/${r.body.trackingCode}`)).toBe(true);
      const mail = await eventually(async () => mails.find((m) => m.subject?.includes(r.body.trackingCode)));
      expect(mail.subject).toBe(`ⵉⵜⵜⵓⵎⵥ ⵓⵙⵓⵜⵔ ${r.body.trackingCode}`);
      expect(mail.text).toContain(`ⵓⵟⵟⵓⵏ ⵏ ⵓⴹⴼⴼⵓⵕ: ${r.body.trackingCode}`);
      expect(mail.html).toContain('lang="zgh" dir="ltr"');
      const status = await eventually(async () => {
        const res = await notificationsOf(r.body.id, c.token).expect(200);
        return res.body.items.filter((n: { status: string }) => n.status === 'sent').length === 2 && res.body.items;
      });
      expect(status.map((n: { language: string }) => n.language)).toEqual(['zgh', 'zgh']);
    } finally {
      await t.db.query(`UPDATE annex SET name_zgh = $2 WHERE id = $1`, [annex.id, annex.name_zgh]);
    }
  });

  it('never sends twice: replaying a delivered job sends nothing', async () => {
    const c = await citizen('fr', 'sms');
    const r = await submit(t, c.token, { procedureCode: 'RESIDENCE', form: RESIDENCE_FORM }).expect(201);
    await eventually(async () => sms().find((m) => m.to === c.phone));
    const [row] = await t.db.query(`SELECT job_id FROM notification WHERE request_id = $1`, [r.body.id]);
    const [msg] = await t.db.query(`SELECT payload FROM outbox_message WHERE id = $1`, [outboxIdOf(row.job_id)]);
    const outcome = await worker.get(NotificationsService).deliver(row.job_id, msg.payload, false);
    expect(outcome).toEqual({ sent: 0, skipped: 1 });
    expect(sms().filter((m) => m.to === c.phone)).toHaveLength(1);
  });

  describe('through an HTTP SMS gateway', () => {
    let gateway: Server;
    const answers: number[] = [];
    let calls = 0;
    let service: NotificationsService;
    beforeAll(async () => {
      gateway = createServer((req, res) => {
        calls++;
        req.resume();
        res.statusCode = answers.shift() ?? 200;
        res.end(JSON.stringify({ id: `gw-${calls}` }));
      });
      await new Promise<void>((ok) => gateway.listen(0, '127.0.0.1', ok));
      const config = {
        ...t.app.get(AppConfig),
        SMS_PROVIDER: 'http',
        SMS_HTTP_URL: `http://127.0.0.1:${(gateway.address() as { port: number }).port}/sms`,
        SMTP_URL: undefined,
      } as AppConfig;
      service = new NotificationsService(t.db, new ProviderFactory(config), config);
    });
    afterAll(() => new Promise<void>((ok) => gateway.close(() => ok())));

    const payload = (phone: string) => ({ template: 'otp', recipient: { phone, language: 'fr' as const }, data: { code: '123456' } });
    const row = async (job: string) =>
      (await t.db.query(`SELECT status, attempts, last_error FROM notification WHERE job_id = $1`, [job]))[0];

    it('retries a temporary failure (503) and then delivers', async () => {
      answers.push(503);
      const before = calls;
      await expect(service.deliver('gw-temp', payload('+212611111111'), false)).rejects.toThrow(/503/);
      expect(await row('gw-temp')).toMatchObject({ status: 'queued', attempts: 1 });
      await service.deliver('gw-temp', payload('+212611111111'), false);
      expect(await row('gw-temp')).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
      expect(calls - before).toBe(2);
    });

    it('does not retry a permanent refusal (400); ops can re-drive it', async () => {
      answers.push(400);
      const before = calls;
      await expect(service.deliver('gw-perm', payload('+212622222222'), false)).rejects.toThrow(/refused/);
      expect(await row('gw-perm')).toMatchObject({ status: 'failed', attempts: 1 });
      // A replay of the job does not call the gateway again.
      await expect(service.deliver('gw-perm', payload('+212622222222'), false)).resolves.toEqual({ sent: 0, skipped: 1 });
      expect(calls - before).toBe(1);

      const admin = await t.token('admin');
      const failed = await t.http.get('/api/v1/ops/notifications/failed').set(bearer(admin)).expect(200);
      const n = failed.body.items.find((i: { template: string; lastError: string }) => i.template === 'otp' && /400/.test(i.lastError));
      expect(n).toBeDefined();
      await t.http
        .post(`/api/v1/ops/notifications/${n.id}/redrive`)
        .set(bearer(await t.token('agent1')))
        .expect(403);
      await t.http.post(`/api/v1/ops/notifications/${n.id}/redrive`).set(bearer(admin)).expect(202);
      const board = await t.http.get('/api/v1/ops/queues').set(bearer(admin)).expect(200);
      expect(board.body.items.map((q: { name: string }) => q.name)).toEqual(
        expect.arrayContaining(['notifications', 'sla', 'webhooks', 'certificates']),
      );
      expect(board.body.items[0].counts).toHaveProperty('failed');
      await t.http
        .get('/api/v1/ops/queues')
        .set(bearer(await t.token('supervisor')))
        .expect(403);
      // The worker's SMS provider (the file sink) sends it this time.
      await eventually(async () => (await row('gw-perm')).status === 'sent');
      expect(await row('gw-perm')).toMatchObject({ attempts: 2 });
      expect(sms().filter((m) => m.to === '+212622222222')).toHaveLength(1);
    });
  });
});
