import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import { maskDestination, NotificationProvider, OutgoingMessage, PermanentDeliveryFailure } from './provider';

/**
 * Development sink: one JSON line `{to, text, ...}` per SMS in SMS_FILE (API.md convention).
 * Like a real gateway it honours idempotency keys: a message already in the file is not added.
 */
export class FileSmsProvider implements NotificationProvider {
  readonly id = 'file';
  readonly channel = 'sms' as const;
  /** Keys already in the file, read once (then kept up to date by this process). */
  private sent?: Promise<Set<string>>;
  constructor(private readonly file: string) {}

  private keys(): Promise<Set<string>> {
    return (this.sent ??= readFile(this.file, 'utf8').then(
      (text) =>
        new Set(
          text
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { idempotencyKey?: string }).idempotencyKey ?? ''),
        ),
      () => new Set<string>(),
    ));
  }

  async send(m: OutgoingMessage): Promise<{ providerMessageId?: string }> {
    const sent = await this.keys();
    if (sent.has(m.idempotencyKey)) return { providerMessageId: m.idempotencyKey };
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(
      this.file,
      `${JSON.stringify({ to: m.to, text: m.text, template: m.template, language: m.language, idempotencyKey: m.idempotencyKey, at: new Date().toISOString() })}\n`,
    );
    sent.add(m.idempotencyKey);
    return { providerMessageId: m.idempotencyKey };
  }

  async check(): Promise<boolean> {
    return true;
  }
}

/** Prints that an SMS would be sent, without its number or text (they are personal data). */
export class ConsoleSmsProvider implements NotificationProvider {
  readonly id = 'console';
  readonly channel = 'sms' as const;
  private readonly logger = new Logger('ConsoleSms');

  async send(m: OutgoingMessage): Promise<{ providerMessageId?: string }> {
    this.logger.log(`SMS ${m.template}/${m.language} to ${maskDestination(m.to)} (${m.text.length} characters)`);
    return {};
  }

  async check(): Promise<boolean> {
    return true;
  }
}

/**
 * An HTTP SMS gateway: POST {to, text, idempotencyKey} with a bearer key. 4xx is a permanent
 * refusal (bad number, bad request); 5xx, 429 and network errors are worth retrying.
 */
export class HttpSmsProvider implements NotificationProvider {
  readonly id = 'http';
  readonly channel = 'sms' as const;
  constructor(
    private readonly url: string,
    private readonly key: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(m: OutgoingMessage): Promise<{ providerMessageId?: string }> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': m.idempotencyKey,
        ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
      },
      body: JSON.stringify({ to: m.to, text: m.text, idempotencyKey: m.idempotencyKey }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (res.status >= 400 && res.status < 500 && res.status !== 429)
      throw new PermanentDeliveryFailure(`gateway refused the message (HTTP ${res.status})`);
    if (!res.ok) throw new Error(`gateway unavailable (HTTP ${res.status})`);
    const body = (await res.json().catch(() => ({}))) as { id?: string; messageId?: string };
    return { providerMessageId: body.id ?? body.messageId };
  }

  async check(): Promise<boolean> {
    return !!this.url;
  }
}
