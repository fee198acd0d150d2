import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhookDispatcher } from './webhook-dispatcher';

export interface WebhookBenchResult {
  deliveries: number;
  ms: number;
  perSecond: number;
}

/**
 * For the bench: in a context running the webhook worker (apps/worker's WorkerModule), subscribes
 * a throwaway partner to `url`, fans out `count` events and waits until every delivery is done.
 */
export async function measureWebhookDeliveries(
  ctx: INestApplicationContext,
  url: string,
  count = 1000,
  timeoutMs = 300_000,
): Promise<WebhookBenchResult> {
  const db = ctx.get(DataSource);
  const dispatcher = ctx.get(WebhookDispatcher);
  const [p] = await db.query(`INSERT INTO partner (name, scopes) VALUES ('bench', '{webhooks:manage}') RETURNING id`);
  const [s] = await db.query(
    `INSERT INTO webhook_subscription (partner_id, url, event_types, secret) VALUES ($1, $2, '{request.submitted}', $3) RETURNING id`,
    [p.id, url, randomBytes(24).toString('base64url')],
  );
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await dispatcher.fanOut({
      type: 'request.submitted',
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      annexId: null,
      data: { bench: i },
    });
  }
  for (;;) {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE subscription_id = $1 AND status <> 'pending'`, [
      s.id,
    ]);
    if (row.n >= count) break;
    if (performance.now() - started > timeoutMs) throw new Error(`only ${row.n}/${count} webhook deliveries done in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - started;
  return { deliveries: count, ms: Math.round(ms), perSecond: Math.round((count / ms) * 1000) };
}
