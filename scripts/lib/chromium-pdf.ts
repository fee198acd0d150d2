import { Logger } from '@nestjs/common';
import type { Browser } from 'puppeteer-core';

/**
 * HTML → PDF in Debian's Chromium, one browser kept warm (a page per render): how certificates and
 * receipts were made before the direct PDF (libs/certificates/src/pdf). Not production code any
 * more: the reference image of the certificate test (scripts/certificate-reference.ts) and the
 * bench's "before" (bench/pipelines/certificates.ts) still render with it.
 */
export class PdfRenderer {
  private readonly logger = new Logger('PdfRenderer');
  private browser?: Promise<Browser>;

  constructor(private readonly config: { CHROMIUM_PATH: string }) {}

  private launch(): Promise<Browser> {
    return (this.browser ??= import('puppeteer-core').then((p) =>
      p.default.launch({
        executablePath: this.config.CHROMIUM_PATH,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-dev-shm-usage',
          '--font-render-hinting=none',
        ],
      }),
    ));
  }

  async render(html: string): Promise<Buffer> {
    let browser: Browser;
    try {
      browser = await this.launch();
      if (!browser.connected) throw new Error('browser disconnected');
    } catch (e) {
      this.browser = undefined;
      this.logger.warn(`browser could not start (${this.config.CHROMIUM_PATH}): ${(e as Error).message.split('\n')[0]}`);
      throw e;
    }
    try {
      const page = await browser.newPage();
      try {
        await page.setJavaScriptEnabled(false);
        await page.setContent(html, { waitUntil: 'load' });
        return Buffer.from(
          await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '14mm', right: '14mm' } }),
        );
      } finally {
        await page.close().catch(() => undefined);
      }
    } catch (e) {
      // A browser that failed a render (crashed, hung, out of memory) is not trusted with the
      // next one: the retry starts a fresh one.
      this.logger.warn(`render failed, browser restarted for the next attempt: ${(e as Error).message.split('\n')[0]}`);
      this.browser = undefined;
      await browser.close().catch(() => undefined);
      throw e;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const b = await this.browser?.catch(() => undefined);
    await b?.close().catch((e: Error) => this.logger.warn(e.message));
  }
}
