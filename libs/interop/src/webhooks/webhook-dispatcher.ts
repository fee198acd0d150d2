import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, JobsOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig, DomainEventPayload, eventIdFor, OUTBOX_JOB_ID_SQL, QUEUES, QueueFactory, ReconcileJob } from '@app/core';
import { addressedAgency, AGENCY_EVENTS, retryAttempts, signatureHeader } from './events';
import { postPinned } from './webhook-post';
import { checkAddresses, checkWebhookUrl, networkList, ResolvedAddress, WebhookResolver, WebhookUrlPolicy } from './webhook-url';

export const DELIVER_JOB = 'deliver';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DeliverJobData {
  deliveryId: string;
}

/** Why an attempt failed, coarse enough to chart (never the receiver's body). */
function errorClass(status: number | null, e: unknown): string | null {
  if (status !== null) return status >= 200 && status < 300 ? null : status >= 500 ? 'http_5xx' : status >= 400 ? 'http_4xx' : 'http_other';
  return (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError' ? 'timeout' : 'network';
}

export class DeliveryFailed extends Error {
  constructor(readonly errorClass: string) {
    super(`webhook delivery failed (${errorClass})`);
    this.name = 'DeliveryFailed';
  }
}

/**
 * Outbound webhooks: one `webhook_delivery` row per event and matching subscription, each sent
 * by its own BullMQ job (retried with exponential backoff over WEBHOOK_RETRY_HOURS) and logged
 * per attempt in `webhook_attempt`. The rows in PostgreSQL are the truth; jobs only carry ids.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueFactory,
    private readonly config: AppConfig,
    private readonly resolver: WebhookResolver,
  ) {}

  urlPolicy(): WebhookUrlPolicy {
    return {
      production: this.config.NODE_ENV === 'production' || !this.config.WEBHOOK_ALLOW_LOOPBACK,
      ports: this.config.WEBHOOK_ALLOWED_PORTS,
      allowed: networkList(this.config.WEBHOOK_ALLOWED_NETWORKS),
    };
  }

  /** The checked addresses to connect to, or null when the URL or any address its name has now is refused. */
  private async target(raw: string): Promise<{ url: URL; addresses: ResolvedAddress[] } | null> {
    const policy = this.urlPolicy();
    try {
      const url = checkWebhookUrl(raw, policy);
      const addresses = await this.resolver.resolve(url);
      return checkAddresses(addresses, policy.production, policy.allowed) ? { url, addresses } : null;
    } catch {
      return null;
    }
  }

  jobOptions(jobId: string): JobsOptions & { jobId: string } {
    return {
      jobId,
      attempts: retryAttempts(this.config.WEBHOOK_BACKOFF_MS, this.config.WEBHOOK_RETRY_HOURS * 3600_000),
      backoff: { type: 'exponential', delay: this.config.WEBHOOK_BACKOFF_MS },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /** Topic `event`: fans out to the subscriptions of partners allowed to see it. Safe to run twice. */
  async fanOut(given: DomainEventPayload): Promise<string[]> {
    // Events written before ids were UUIDs (`certificate.issued:<number>`) get the id they have now.
    const event = UUID.test(given.id) ? given : { ...given, id: eventIdFor(given.id) };
    await this.db.query(
      `INSERT INTO webhook_delivery (subscription_id, event_id, event_type, payload)
       SELECT s.id, $1::uuid, $2::varchar, $3::jsonb FROM webhook_subscription s JOIN partner p ON p.id = s.partner_id
        WHERE s.deleted_at IS NULL AND $2::text = ANY (s.event_types) AND (p.annex_id IS NULL OR p.annex_id = $4::uuid)
          AND ($5::varchar IS NULL OR p.agency_code = $5)
       ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [event.id, event.type, JSON.stringify(event), event.annexId, addressedAgency(event)],
    );
    // Enqueue every pending row of this event, not only the new ones: a crash between the insert
    // and the enqueue is healed by the next run (the job id makes the enqueue idempotent).
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM webhook_delivery WHERE event_id = $1 AND status = 'pending'`, [
      event.id,
    ]);
    await this.enqueue(rows.map((r) => r.id));
    return rows.map((r) => r.id);
  }

  /**
   * Reconciler: relayed events with a subscription that should have a delivery row and has none
   * (the fan-out job was lost), as the relay's jobs; and `pending` deliveries, as their own jobs
   * (an id still known to Redis is skipped by the reconciler, so a delivery waiting for its next
   * retry is left alone).
   */
  async unfannedEvents(graceSeconds: number, windowHours: number): Promise<ReconcileJob[]> {
    const rows: { job_id: string; payload: DomainEventPayload }[] = await this.db.query(
      `SELECT ${OUTBOX_JOB_ID_SQL('o')} AS job_id, o.payload FROM outbox_message o
        WHERE o.topic = 'event' AND o.relayed_at IS NOT NULL
          AND o.created_at > now() - make_interval(hours => $2) AND o.created_at < now() - make_interval(secs => $1)
          AND EXISTS (SELECT 1 FROM webhook_subscription s JOIN partner p ON p.id = s.partner_id
                       WHERE s.deleted_at IS NULL AND s.created_at < o.created_at AND o.payload->>'type' = ANY (s.event_types)
                         AND (p.annex_id IS NULL OR p.annex_id::text = o.payload->>'annexId')
                         AND (o.payload->>'type' <> ALL ($3::text[]) OR p.agency_code = o.payload->'data'->>'agencyCode')
                         AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.event_id::text = o.payload->>'id'))`,
      [graceSeconds, windowHours, AGENCY_EVENTS],
    );
    return rows.map((r) => ({ name: 'event', data: r.payload, opts: { jobId: r.job_id } }));
  }

  async pendingDeliveries(graceSeconds: number, windowHours: number): Promise<ReconcileJob[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM webhook_delivery WHERE status = 'pending'
          AND created_at > now() - make_interval(hours => $2) AND created_at < now() - make_interval(secs => $1)`,
      [graceSeconds, windowHours],
    );
    return rows.map((r) => ({
      name: DELIVER_JOB,
      data: { deliveryId: r.id } satisfies DeliverJobData,
      opts: this.jobOptions(`wh-${r.id}`),
    }));
  }

  async enqueue(deliveryIds: string[], jobSuffix = ''): Promise<void> {
    if (!deliveryIds.length) return;
    await this.queues.queue(QUEUES.webhooks).addBulk(
      deliveryIds.map((id) => ({
        name: DELIVER_JOB,
        data: { deliveryId: id } satisfies DeliverJobData,
        opts: this.jobOptions(`wh-${id}${jobSuffix}`),
      })),
    );
  }

  /** One attempt. Throws on failure so BullMQ schedules the next one; marks the row failed after the last. */
  async deliver(job: Pick<Job<DeliverJobData>, 'data' | 'attemptsMade' | 'opts'>): Promise<void> {
    const [d] = await this.db.query(
      `SELECT d.id, d.status, d.payload, s.url, s.secret FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE d.id = $1`,
      [job.data.deliveryId],
    );
    // Only a pending delivery is sent: delivered, failed for good, or cancelled by the
    // subscription's deletion (a replay sets it back to pending first).
    if (!d || d.status !== 'pending') return;
    const body = JSON.stringify(d.payload);
    const started = performance.now();
    let status: number | null = null;
    let failure: unknown;
    // Resolved and checked at each attempt, and the connection made to the checked addresses:
    // a name re-pointed inside (DNS rebinding) between the check and the connect cannot win.
    const target = await this.target(d.url);
    if (target) {
      try {
        status = await postPinned(target.url, target.addresses, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'annex-webhooks/1',
            'x-annex-signature': signatureHeader(d.secret, body),
            'x-annex-event': d.payload.type,
            'x-annex-delivery': d.id,
          },
          body,
          timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        });
      } catch (e) {
        failure = e;
      }
    }
    // A refused target logs neither timing nor error detail: the log must not map the inside.
    const latency = target ? Math.round(performance.now() - started) : null;
    const cls = target ? errorClass(status, failure) : 'refused';
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.db.transaction(async (m) => {
      const [[row]] = await m.query(
        `UPDATE webhook_delivery SET attempts = attempts + 1, last_status_code = $2,
                status = CASE WHEN status = 'cancelled' THEN status WHEN $3::boolean THEN 'delivered' WHEN $4::boolean THEN 'failed' ELSE 'pending' END,
                delivered_at = CASE WHEN $3::boolean THEN now() ELSE delivered_at END
          WHERE id = $1 RETURNING attempts`,
        [d.id, status, cls === null, cls !== null && last],
      );
      await m.query(
        `INSERT INTO webhook_attempt (delivery_id, attempt, status_code, latency_ms, error_class) VALUES ($1, $2, $3, $4, $5)`,
        [d.id, row.attempts, status, latency, cls],
      );
    });
    if (cls !== null) throw new DeliveryFailed(cls);
  }
}
