import { createTransport, Transporter } from 'nodemailer';
import { NotificationProvider, OutgoingMessage, PermanentDeliveryFailure } from './provider';

/** Email over any SMTP server, with a text and an HTML part. */
export class SmtpEmailProvider implements NotificationProvider {
  readonly id = 'smtp';
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    // Pooled connections: one SMTP handshake per connection, not per email (unless the URL says pool=false).
    const pooled = new URL(url);
    if (!pooled.searchParams.has('pool')) pooled.searchParams.set('pool', 'true');
    this.transport = createTransport(pooled.toString());
  }

  async send(m: OutgoingMessage): Promise<{ providerMessageId?: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        // Stable per notification, so a receiving system can recognise a resend.
        messageId: `<${m.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@annexe.local>`,
        headers: { 'X-Annex-Template': m.template },
      });
      return { providerMessageId: info.messageId };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      // 5xx SMTP replies are permanent (mailbox unknown, refused); 4xx and connection errors are not.
      if (code && code >= 500) throw new PermanentDeliveryFailure(`SMTP refused the message (${code})`);
      throw e;
    }
  }

  async check(): Promise<boolean> {
    return this.transport.verify().then(
      () => true,
      () => false,
    );
  }
}
