/** Webhook deliveries per second: the webhook worker signing and POSTing to a local receiver. */
import { createServer } from 'node:http';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule } from '@app/core';
// The annex entity (outbox rows name their annex) is registered by the accounts module.
import { AccountsModule } from '@app/accounts';
import { InteropWorkerModule, measureWebhookDeliveries } from '@app/interop';
import { freePort } from '../../scripts/lib/services';

@Module({ imports: [CoreModule, AccountsModule, InteropWorkerModule] })
class WebhookBenchModule {}

export async function measureWebhooks(env: NodeJS.ProcessEnv, count: number): Promise<{ deliveries: number; perSecond: number }> {
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  const port = await freePort();
  await new Promise<void>((ok) => receiver.listen(port, '127.0.0.1', ok));
  const saved = { ...process.env };
  // Queues of its own, so the product's worker does not share these jobs.
  // The product runs in production mode, which refuses loopback webhooks: the bench's receiver is opened by name.
  Object.assign(process.env, env, { QUEUE_PREFIX: 'bench-webhooks', LOG_LEVEL: 'silent', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' });
  const app = await NestFactory.createApplicationContext(WebhookBenchModule, { logger: ['error'], abortOnError: false });
  try {
    const url = `http://127.0.0.1:${port}/hook`;
    const r = await measureWebhookDeliveries(app, url, count);
    return { deliveries: r.deliveries, perSecond: r.perSecond };
  } finally {
    await app.close();
    process.env = saved;
    receiver.close();
  }
}
