/**
 * Pipeline throughputs: notifications end to end (outbox row → relay → worker → SMTP sink) and
 * certificate PDFs rendered per second by the warm Chromium.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { AnnexIdentity, AppConfig } from '@app/core';
import { DEMO_ANNEX } from '../../scripts/seed-demo';
import { certificateHtml, PdfRenderer } from '@app/certificates';
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

export async function measureNotifications(pool: Pool, received: () => number, n: number): Promise<{ n: number; seconds: number; perSecond: number }> {
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

export async function measureCertificates(chromium: string, n: number): Promise<{ n: number; perSecond: number }> {
  const renderer = new PdfRenderer({ CHROMIUM_PATH: chromium } as AppConfig);
  const html = (i: number) =>
    certificateHtml({
      annex: { id: '', nameZgh: null, emblemUrl: null, signatoryName: '', signatoryNameAr: '', ...DEMO_ANNEX } satisfies AnnexIdentity,
      number: `BRK5-2026-C-${String(i).padStart(6, '0')}`,
      titleAr: 'شهادة السكنى',
      titleFr: 'Certificat de résidence',
      statementAr: 'يشهد قائد الملحقة الإدارية الخامسة أن السيد(ة) أمينة برادة يقطن بالعنوان المذكور.',
      statementFr: "Le caïd de l'annexe administrative n°5 certifie que Mme Amina Berrada réside à l'adresse indiquée.",
      holder: { fullName: 'Amina Berrada', fullNameAr: 'أمينة برادة', cin: 'BK123456', birthDate: '12/04/1990', address: '12 rue Al Qods, Berkane' },
      issueDate: '25/11/2026',
      validUntil: '23/02/2027',
      agentName: 'Youssef El Idrissi',
      agentNameAr: 'يوسف الإدريسي',
      qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>',
      verifyUrl: 'http://localhost/verify/x',
    });
  try {
    await renderer.render(html(0)); // warm the browser
    const t0 = process.hrtime.bigint();
    // Two at a time, as the worker's job concurrency.
    for (let i = 0; i < n; i += 2) await Promise.all([renderer.render(html(i + 1)), renderer.render(html(i + 2))]);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { n, perSecond: Number((n / seconds).toFixed(1)) };
  } finally {
    await renderer.onApplicationShutdown();
  }
}
