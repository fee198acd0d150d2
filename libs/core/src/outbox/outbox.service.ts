import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxPayloads, OutboxTopic } from './topics';

/** One outbox row to write: a topic and that topic's payload type (a typed union over the topics). */
export type OutboxEntry = {
  [T in OutboxTopic]: { topic: T; payload: OutboxPayloads[T]; idempotencyKey: string; annexId?: string | null };
}[OutboxTopic];

/** Writes outbox rows inside the caller's transaction (pass its EntityManager). */
@Injectable()
export class OutboxService {
  async add(manager: EntityManager, ...entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values(entries.map((e) => ({ ...e, annexId: e.annexId ?? null })) as never)
      .orIgnore() // same idempotency key → already announced
      .execute();
  }
}
