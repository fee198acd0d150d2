import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, decodeCursor, InvalidInput, NotFound, Page, PageQuery, Principal, toPage } from '@app/core';
import { CreateWebhookDto } from '../dto/create-webhook.dto';
import { DeliveryDto } from '../dto/delivery.dto';
import { WebhookCreatedDto } from '../dto/webhook-created.dto';
import { WebhookDto } from '../dto/webhook.dto';
import { WebhookDispatcher } from './webhook-dispatcher';
import { checkAddresses, checkWebhookUrl, WebhookResolver } from './webhook-url';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const toWebhookDto = (s: Record<string, any>): WebhookDto => ({
  id: s.id,
  partnerId: s.partner_id,
  url: s.url,
  events: s.event_types,
  createdAt: iso(s.created_at)!,
});

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/** An admin oversees every partner's subscriptions (where the citizens' data goes); a partner sees its own. */
const oversees = (p: Principal) => p.kind === 'staff' && p.role === 'admin';

/** A partner's webhook subscriptions and their delivery log; a partner sees only its own (404 otherwise), an admin all of them. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: AppConfig,
    private readonly resolver: WebhookResolver,
  ) {}

  async create(dto: CreateWebhookDto, p: Principal): Promise<WebhookCreatedDto> {
    const policy = this.dispatcher.urlPolicy();
    const url = checkWebhookUrl(dto.url, policy);
    // A name already pointing inside is refused now; one that does not resolve yet is checked
    // again at every delivery, as is every name (its records may change).
    const addresses = await withTimeout(this.resolver.resolve(url), 3000).catch(() => null);
    if (addresses && !checkAddresses(addresses, policy.production, policy.allowed)) {
      throw new InvalidInput([{ field: 'url', reason: 'address', message: 'url resolves to a private, loopback or reserved address' }]);
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const [row] = await this.db.query(
      `INSERT INTO webhook_subscription (partner_id, url, event_types, secret) VALUES ($1, $2, $3, $4) RETURNING *`,
      [p.id, dto.url, dto.events, secret],
    );
    return { ...toWebhookDto(row), secret };
  }

  async list(q: PageQuery & { partnerId?: string }, p: Principal): Promise<Page<WebhookDto>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    // $1 NULL: an admin's view of every partner (or of the one asked for).
    const partner = oversees(p) ? (q.partnerId ?? null) : p.id;
    const rows = await this.db.query(
      `SELECT * FROM webhook_subscription WHERE ($1::uuid IS NULL OR partner_id = $1) AND deleted_at IS NULL
          ${after ? 'AND (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      after ? [partner, limit + 1, ...after] : [partner, limit + 1],
    );
    return toPage(rows as Record<string, any>[], limit, (r) => [iso(r.created_at), r.id], toWebhookDto);
  }

  async get(id: string, p: Principal): Promise<WebhookDto> {
    return toWebhookDto(await this.own(id, p));
  }

  /**
   * Stops sending at once: no new deliveries, and the pending ones (waiting for a retry, or queued)
   * become `cancelled` in the same statement, so a job already in Redis finds nothing to send.
   */
  async remove(id: string, p: Principal): Promise<void> {
    await this.own(id, p);
    await this.db.query(
      `WITH gone AS (UPDATE webhook_subscription SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id)
       UPDATE webhook_delivery d SET status = 'cancelled' FROM gone WHERE d.subscription_id = gone.id AND d.status = 'pending'`,
      [id],
    );
  }

  async deliveries(id: string, q: PageQuery, p: Principal): Promise<Page<DeliveryDto>> {
    await this.own(id, p);
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, 2);
    const rows = await this.db.query(
      `SELECT * FROM webhook_delivery WHERE subscription_id = $1 ${after ? 'AND (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      after ? [id, limit + 1, ...after] : [id, limit + 1],
    );
    const page = toPage(
      rows as Record<string, any>[],
      limit,
      (r) => [iso(r.created_at), r.id],
      (r) => r,
    );
    return { items: await Promise.all(page.items.map((r) => this.toDeliveryDto(r))), nextCursor: page.nextCursor };
  }

  /** Sends the same event again (same event id, so a receiver that already has it can ignore it). */
  async replay(id: string, deliveryId: string, p: Principal): Promise<DeliveryDto> {
    await this.own(id, p);
    const [[row]] = await this.db.query(
      `UPDATE webhook_delivery SET status = 'pending', delivered_at = NULL WHERE id = $1 AND subscription_id = $2 RETURNING *`,
      [deliveryId, id],
    );
    if (!row) throw new NotFound('Delivery');
    await this.dispatcher.enqueue([row.id], `-replay-${Date.now()}`);
    return this.toDeliveryDto(row);
  }

  private async own(id: string, p: Principal): Promise<Record<string, any>> {
    const [row] = await this.db.query(
      `SELECT * FROM webhook_subscription WHERE id = $1 AND ($2::uuid IS NULL OR partner_id = $2) AND deleted_at IS NULL`,
      [id, oversees(p) ? null : p.id],
    );
    if (!row) throw new NotFound('Webhook');
    return row;
  }

  private async toDeliveryDto(d: Record<string, any>): Promise<DeliveryDto> {
    const log = await this.db.query(`SELECT * FROM webhook_attempt WHERE delivery_id = $1 ORDER BY id`, [d.id]);
    return {
      id: d.id,
      eventId: d.event_id,
      eventType: d.event_type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.last_status_code,
      createdAt: iso(d.created_at)!,
      deliveredAt: iso(d.delivered_at),
      log: log.map((a: Record<string, any>) => ({
        attempt: a.attempt,
        statusCode: a.status_code,
        latencyMs: a.latency_ms,
        errorClass: a.error_class,
        at: iso(a.at)!,
      })),
    };
  }
}
