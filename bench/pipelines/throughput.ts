/**
 * Pipeline throughputs: notifications end to end (outbox row → relay → worker → SMTP sink).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../scripts/lib/services';
import { settle } from '../lib';

/** A local SMTP server that only counts what it receives. */
export async function startSmtpSink(): Promise<{ url: string; received: () => number; stop(): Promise<void> }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, done) {
      stream.on('end', () => {
        count++;
        done();
      });
      stream.resume();
    },
  });
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return { url: `smtp://127.0.0.1:${port}`, received: () => count, stop: () => new Promise((ok) => server.close(() => ok())) };
}

export async function measureNotifications(
  pool: Pool,
  received: () => number,
  n: number,
): Promise<{ n: number; seconds: number; perSecond: number }> {
  // Start from a quiet system: what the endpoint runs queued (their notifications) drains first.
  await settle(pool);
  const start = received();
  const batch = randomUUID();
  const t0 = process.hrtime.bigint();
  await pool.query(
    `INSERT INTO outbox_message (topic, payload, idempotency_key)
     SELECT 'notify', jsonb_build_object('template', 'request.received', 'recipient', jsonb_build_object('email', 'bench' || i || '@example.ma', 'language', 'fr'),
                                         'data', jsonb_build_object('trackingCode', 'BRK5-2026-' || lpad(i::text, 6, '0'), 'procedureCode', 'RESIDENCE')),
            'bench-notify:' || $2 || ':' || i
       FROM generate_series(1, $1::int) i`,
    [n, batch],
  );
  const deadline = Date.now() + 300_000;
  while (received() - start < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const done = received() - start;
  return { n: done, seconds: Number(seconds.toFixed(2)), perSecond: Math.round(done / seconds) };
}
