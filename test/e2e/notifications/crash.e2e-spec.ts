import { ChildProcess, spawn } from 'node:child_process';
import { SMTPServer } from 'smtp-server';
import { createTestApp, eventually, TestApp } from '../../support/app';
import { recreateDatabase } from '../../support/databases';
import { TEST_DB_PREFIX } from '../../support/env';

/** The real worker process, as production runs it (from source). */
function startWorker(smtpUrl: string): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    env: { ...process.env, SMTP_URL: smtpUrl, SMS_PROVIDER: 'console', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: 'ignore',
  });
}

describe('a worker killed in the middle of sending', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  let hold = true;
  const started: string[] = [];
  const delivered: string[] = [];
  const workers: ChildProcess[] = [];
  const saved = { DATABASE_URL: process.env.DATABASE_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX };

  beforeAll(async () => {
    // Its own database and queues: "exactly once" is about these two worker processes and this
    // SMTP server only. A worker an earlier file in this jest process left running (a close that
    // outlived its hook under load) once took the job on the shared queue and sent it to its own sink.
    const worker = process.env.JEST_WORKER_ID ?? '1';
    process.env.DATABASE_URL = await recreateDatabase(
      process.env.TEST_BASE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      `${TEST_DB_PREFIX}_crash${worker}`,
      `${TEST_DB_PREFIX}_tpl`,
    );
    process.env.QUEUE_PREFIX = `${saved.QUEUE_PREFIX ?? TEST_DB_PREFIX}crash`;
    t = await createTestApp();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const id = /Message-ID: <([^>]+)>/i.exec(Buffer.concat(chunks).toString())?.[1] ?? '?';
          started.push(id);
          // The first delivery hangs before the server accepts it: the worker dies meanwhile.
          const finish = () => {
            delivered.push(id);
            done();
          };
          if (!hold) finish();
        });
      },
    });
    await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await new Promise<void>((ok) => smtp.close(ok));
    await t.close();
    Object.assign(process.env, saved);
  });

  it('is restarted and the message is delivered exactly once', async () => {
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
    const key = `crash-test:${Date.now()}`;
    await t.db.query(`INSERT INTO outbox_message (topic, payload, idempotency_key) VALUES ('notify', $1, $2)`, [
      { template: 'otp', recipient: { email: 'crash@example.ma', language: 'fr' }, data: { code: '424242' } },
      key,
    ]);
    const first = startWorker(smtpUrl);
    workers.push(first);
    await eventually(async () => started.length > 0, 60_000);
    const [sending] = await t.db.query(
      `SELECT status, attempts FROM notification WHERE recipient_kind = 'address' AND template = 'otp' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(sending).toMatchObject({ status: 'sending', attempts: 1 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    hold = false;
    workers.push(startWorker(smtpUrl));
    // BullMQ hands the dead worker's job to the new one once its lock expires.
    const row = await eventually(async () => {
      const [r] = await t.db.query(
        `SELECT status, attempts FROM notification WHERE recipient_kind = 'address' AND template = 'otp' ORDER BY created_at DESC LIMIT 1`,
      );
      return r.status === 'sent' && r;
    }, 110_000);
    expect(row.attempts).toBe(2);
    expect(delivered).toHaveLength(1);
  }, 180_000);
});
