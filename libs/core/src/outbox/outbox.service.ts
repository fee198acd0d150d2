import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxEntry {
  topic: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  annexId?: string | null;
}

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
