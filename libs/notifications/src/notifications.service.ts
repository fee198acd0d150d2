import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  annexAddress,
  AnnexIdentity,
  annexName,
  AppConfig,
  describeHours,
  maskContacts,
  NotifyPayload,
  OUTBOX_JOB_ID_SQL,
  readAnnexIdentity,
  ReconcileJob,
} from '@app/core';
import { maskDestination, NotificationChannel, PermanentDeliveryFailure } from './providers/provider';
import { ProviderFactory } from './providers/provider.factory';
import { Language, LANGUAGES, loadTemplates, render, trackingLink } from './templates';

interface Recipient {
  channel: NotificationChannel;
  to: string;
  language: Language;
  kind: 'citizen' | 'staff' | 'address';
  id: string | null;
}

export interface DeliveryOutcome {
  sent: number;
  skipped: number;
}

const lang = (v: unknown): Language => (LANGUAGES.includes(v as Language) ? (v as Language) : 'fr');

/**
 * Turns one `notify` outbox message into one notification per channel the recipient wants, and
 * delivers each exactly once: the row is keyed by job and channel, a sent row is never sent
 * again, and the provider gets a stable idempotency key for the retry after a crash mid-send.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');
  private readonly templates = loadTemplates();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly providers: ProviderFactory,
    private readonly config: AppConfig,
  ) {}

  /** `final`: no retry will follow, so a failure now is the notification's last word. */
  async deliver(jobId: string, payload: NotifyPayload, final: boolean): Promise<DeliveryOutcome> {
    const recipients = await this.recipients(payload);
    const outcome: DeliveryOutcome = { sent: 0, skipped: 0 };
    let retryable: Error | undefined;
    let permanent: Error | undefined;
    for (const r of recipients) {
      const key = `${jobId}:${r.channel}`;
      try {
        if (await this.sendOne(key, jobId, r, payload)) outcome.sent++;
        else outcome.skipped++;
      } catch (e) {
        if (e instanceof PermanentDeliveryFailure || final) {
          await this.mark(key, 'failed', e as Error);
          if (e instanceof PermanentDeliveryFailure) {
            permanent = e;
            continue;
          }
        } else {
          await this.mark(key, 'queued', e as Error);
        }
        retryable = e as Error;
      }
    }
    // Retry what may still go through; a permanent refusal ends the job in the failed set for ops.
    if (retryable) throw retryable;
    if (permanent) throw permanent;
    return outcome;
  }

  /**
   * Reconciler: relayed `notify` messages older than the grace period with no notification row
   * (their job was lost with Redis' data), as the jobs the relay had added.
   */
  async unsent(graceSeconds: number, windowHours: number): Promise<ReconcileJob[]> {
    const rows: { job_id: string; payload: NotifyPayload }[] = await this.db.query(
      `SELECT ${OUTBOX_JOB_ID_SQL('o')} AS job_id, o.payload FROM outbox_message o
        WHERE o.topic = 'notify' AND o.relayed_at IS NOT NULL
          AND o.created_at > now() - make_interval(hours => $2) AND o.created_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.job_id = ${OUTBOX_JOB_ID_SQL('o')})`,
      [graceSeconds, windowHours],
    );
    return rows.map((r) => ({ name: 'notify', data: r.payload, opts: { jobId: r.job_id } }));
  }

  /** Ops re-drive of a failed notification: back to queued, delivered by the next job. */
  async requeue(id: string): Promise<{ jobId: string; payload: NotifyPayload } | null> {
    const [[row]] = await this.db.query(
      `UPDATE notification SET status = 'queued', last_error = NULL, updated_at = now() WHERE id = $1 AND status = 'failed' RETURNING job_id, payload`,
      [id],
    );
    return row ? { jobId: row.job_id, payload: row.payload } : null;
  }

  private async sendOne(key: string, jobId: string, r: Recipient, payload: NotifyPayload): Promise<boolean> {
    const provider = this.providers.get(r.channel);
    // Record it and claim it in one statement: a new row starts as sending; a replayed job claims
    // its row only while not yet sent, so a sent notification is never sent again. With no
    // provider for the channel the row is recorded as queued and nothing is claimed.
    const [claimed] = await this.db.query(
      `INSERT INTO notification AS n (idempotency_key, job_id, template, channel, recipient_kind, recipient_id, destination_masked, language, request_id, provider, payload,
                                      status, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $12 THEN 'sending' ELSE 'queued' END, CASE WHEN $12 THEN 1 ELSE 0 END)
       ON CONFLICT (idempotency_key) DO UPDATE SET status = 'sending', attempts = n.attempts + 1, updated_at = now()
        WHERE $12 AND n.status IN ('queued', 'sending')
       RETURNING id`,
      [
        key,
        jobId,
        payload.template,
        r.channel,
        r.kind,
        r.id,
        maskDestination(r.to),
        r.language,
        payload.requestId ?? null,
        provider?.id ?? null,
        payload,
        !!provider,
      ],
    );
    if (!provider || !claimed) return false;
    const m = render(this.templates, payload.template, r.language, await this.values(payload, r));
    const result = await provider.send({
      to: r.to,
      text: r.channel === 'sms' ? m.sms : m.text,
      subject: m.subject,
      html: m.html,
      idempotencyKey: key,
      template: payload.template,
      language: r.language,
    });
    await this.db.query(
      `UPDATE notification SET status = 'sent', sent_at = now(), updated_at = now(), provider_message_id = $2, last_error = NULL WHERE idempotency_key = $1`,
      [key, result.providerMessageId ?? null],
    );
    return true;
  }

  private async mark(key: string, status: 'queued' | 'failed', e: Error): Promise<void> {
    // Provider messages can echo the recipient's number or address: masked before they are stored or logged.
    const reason = e instanceof PermanentDeliveryFailure ? e.message : maskContacts(`${e.name}: ${e.message}`).slice(0, 200);
    await this.db.query(
      `UPDATE notification SET status = $2, last_error = $3, updated_at = now() WHERE idempotency_key = $1 AND status <> 'sent'`,
      [key, status, reason],
    );
    this.logger.warn(`notification ${key} ${status}: ${reason}`);
  }

  private async values(p: NotifyPayload, r: Recipient): Promise<Record<string, string>> {
    const language = r.language;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.data ?? {})) {
      if (v && typeof v === 'object') {
        const localized = (v as Record<string, string>)[language] ?? (v as Record<string, string>).fr ?? (v as Record<string, string>).ar;
        if (typeof localized === 'string') out[k === 'procedureName' ? 'procedure' : k] = localized;
      } else if (v !== null && v !== undefined) out[k] = String(v);
    }
    if (p.data?.trackingCode) out.trackUrl ??= trackingLink(this.config.PUBLIC_URL, String(p.data.trackingCode));
    out.procedure ??= String(p.data?.procedureCode ?? '');
    const annex = await this.annexOf(p);
    if (annex) {
      out.annex = annexName(annex, language);
      out.annexHeader = [annexName(annex, language), language === 'ar' ? annex.cityAr : annex.cityFr].filter(Boolean).join(' — ');
      out.address = annexAddress(annex, language);
      out.hours = describeHours(annex.openingHours, language);
      if (annex.phone) out.phone = annex.phone;
    }
    return out;
  }

  /**
   * The annex that speaks: the request's (a citizen who moved hears about an old request from the
   * annex that handled it), else the one named in the message, else the recipient's; none for a
   * sign-up code (the platform's name is used).
   */
  private async annexOf(p: NotifyPayload): Promise<AnnexIdentity | null> {
    const [row] = await this.db.query(
      `SELECT COALESCE((SELECT annex_id FROM service_request WHERE id = $1), $2::uuid,
                       (SELECT annex_id FROM citizen WHERE id = $3), (SELECT annex_id FROM staff WHERE id = $4)) AS annex_id`,
      [p.requestId ?? null, p.annexId ?? null, p.recipient.citizenId ?? null, p.recipient.staffId ?? null],
    );
    return row?.annex_id ? readAnnexIdentity(this.db.manager, row.annex_id) : null;
  }

  /** Who receives it, on which channels, in which language (the citizen's preferences). */
  private async recipients(p: NotifyPayload): Promise<Recipient[]> {
    const emailOn = !!this.providers.get('email');
    const r = p.recipient;
    const pick = (
      kind: Recipient['kind'],
      id: string | null,
      phone: string | null,
      email: string | null,
      language: Language,
      pref: string,
    ): Recipient[] => {
      const wantEmail = emailOn && !!email && (pref === 'email' || pref === 'both');
      const wantSms = !!phone && (pref === 'sms' || pref === 'both' || !wantEmail);
      return [
        ...(wantSms ? [{ channel: 'sms' as const, to: phone!, language, kind, id }] : []),
        ...(wantEmail ? [{ channel: 'email' as const, to: email!, language, kind, id }] : []),
      ];
    };
    if (r.citizenId) {
      const [c] = await this.db.query(`SELECT phone, email, preferred_language, preferred_channel FROM citizen WHERE id = $1`, [
        r.citizenId,
      ]);
      return c ? pick('citizen', r.citizenId, c.phone, c.email, lang(r.language ?? c.preferred_language), c.preferred_channel) : [];
    }
    if (r.staffId) {
      const [s] = await this.db.query(`SELECT phone, email FROM staff WHERE id = $1 AND active`, [r.staffId]);
      return s ? pick('staff', r.staffId, s.phone, s.email, lang(r.language), 'both') : [];
    }
    return pick(
      'address',
      null,
      r.phone ?? null,
      r.email ?? null,
      lang(r.language),
      r.phone && r.email ? 'both' : r.email ? 'email' : 'sms',
    );
  }
}
