/**
 * CPU per certificate PDF, four ways, same certificate: Chromium as before (a new page per render),
 * a warm Chromium page reused (setContent on the same page), the template loaded once and its body
 * filled by script, and the direct PDF the worker now
 * draws (HarfBuzz + bidi on pdf-lib). CPU is this process's plus every child process's (Chromium's
 * browser, renderer and GPU processes) from /proc, not wall time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as QRCode from 'qrcode';
import type { Browser } from 'puppeteer-core';
import { certificateHtml, certificatePdf, receiptHtml, receiptPdf, sampleCertificateView, sampleReceipt } from '@app/certificates';
import { PdfRenderer } from '../../scripts/lib/chromium-pdf';
import { DEMO_ANNEX } from '../../scripts/seed-demo';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU ms of this process and all its descendants still alive (children's own plus reaped children's). */
function treeCpuMs(): number {
  const stat = (pid: number) =>
    readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(stat(Number(d))[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  let ticks = 0;
  const visit = (pid: number) => {
    try {
      const f = stat(pid);
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
    } catch {
      return;
    }
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(process.pid);
  return ticks * TICK_MS;
}

export interface CertificateCpu {
  way: string;
  n: number;
  cpuMsPerPdf: number;
  wallMsPerPdf: number;
}

async function measure(way: string, n: number, render: (i: number) => Promise<unknown>): Promise<CertificateCpu> {
  for (let i = 0; i < 5; i++) await render(-i); // warm: browser started, fonts loaded, code compiled
  const cpu0 = treeCpuMs();
  const t0 = process.hrtime.bigint();
  for (let i = 1; i <= n; i++) await render(i);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  return { way, n, cpuMsPerPdf: Math.round((treeCpuMs() - cpu0) / n), wallMsPerPdf: Math.round(wall / n) };
}

export async function measureCertificateRenderers(chromium: string, n: number): Promise<CertificateCpu[]> {
  const view = (i: number) => sampleCertificateView(DEMO_ANNEX, Math.abs(i));
  const html = async (i: number) =>
    certificateHtml(view(i), await QRCode.toString(view(i).qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));
  const out: CertificateCpu[] = [];
  // The direct PDF first: a browser closed later could still hand its children's CPU to this process.
  const direct = await measure('direct PDF: HarfBuzz + bidi-js on pdf-lib (after)', n, (i) => certificatePdf(view(i)));
  const renderer = new PdfRenderer({ CHROMIUM_PATH: chromium });
  try {
    out.push(await measure('Chromium, a new page per certificate (before)', n, async (i) => renderer.render(await html(i))));
  } finally {
    await renderer.onApplicationShutdown();
  }
  const puppeteer = (await import('puppeteer-core')).default;
  const browser: Browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    out.push(
      await measure('Chromium, one warm page reused (setContent)', n, async (i) => {
        await page.setContent(await html(i), { waitUntil: 'load' });
        return page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '14mm', right: '14mm' } });
      }),
    );
    // The template rendered once, then filled: the document, its stylesheet and fonts stay; only
    // the body is replaced by script for each certificate.
    const filled = await browser.newPage();
    await filled.setContent(await html(0), { waitUntil: 'load' });
    const body = (h: string) => h.slice(h.indexOf('<body>') + 6, h.lastIndexOf('</body>'));
    out.push(
      await measure('Chromium, template loaded once, body filled by script', n, async (i) => {
        const b = body(await html(i));
        await filled.evaluate((x) => {
          (globalThis as unknown as { document: { body: { innerHTML: string } } }).document.body.innerHTML = x;
        }, b);
        return filled.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '14mm', right: '14mm' } });
      }),
    );
  } finally {
    await browser.close();
  }
  out.push(direct);
  return out;
}

const ZONE = 'Africa/Casablanca';

/**
 * CPU per récépissé PDF, the same receipt two ways: Chromium as before (a new page per render, the
 * API's way until now) and the direct PDF the API now draws with the certificate's layout code.
 * The first row is the baseline of the same run.
 */
export async function measureReceiptRenderers(chromium: string, n: number): Promise<CertificateCpu[]> {
  const receipt = (i: number) => sampleReceipt(DEMO_ANNEX, Math.abs(i) + 1);
  const direct = await measure('receipt, direct PDF: HarfBuzz + bidi-js on pdf-lib (after)', n, (i) => receiptPdf(receipt(i), ZONE));
  const renderer = new PdfRenderer({ CHROMIUM_PATH: chromium });
  try {
    return [
      await measure('receipt, Chromium, a new page per receipt (before)', n, (i) => renderer.render(receiptHtml(receipt(i), ZONE))),
      direct,
    ];
  } finally {
    await renderer.onApplicationShutdown();
  }
}

/** `node -r @swc-node/register bench/pipelines/certificates.ts [n]`: the comparison alone, as a markdown table. */
if (require.main === module) {
  void (async () => {
    const n = Number(process.argv[2] ?? 30);
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    process.stdout.write(`${new Date().toISOString()} · ${n} PDFs each · load average before: ${load}\n`);
    for (const rows of [await measureCertificateRenderers(chromium, n), await measureReceiptRenderers(chromium, n)]) {
      const base = rows[0].cpuMsPerPdf;
      process.stdout.write('\n| renderer | CPU ms per PDF | × before | wall ms per PDF |\n|---|---:|---:|---:|\n');
      for (const r of rows)
        process.stdout.write(`| ${r.way} | ${r.cpuMsPerPdf} | ${(r.cpuMsPerPdf / base).toFixed(3)} | ${r.wallMsPerPdf} |\n`);
    }
    process.stdout.write(`\nload average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
  })();
}
