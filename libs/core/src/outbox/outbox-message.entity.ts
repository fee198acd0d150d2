import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A side effect announced by a state change, written in the same transaction as that change.
 * Workers consume these rows (through the relay), never the API's memory.
 */
@Entity()
@Index('outbox_message_pending_idx', ['id'], { where: 'relayed_at IS NULL' })
@Index('outbox_message_topic_created_idx', ['topic', 'createdAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  topic: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** Deterministic key: the same announcement is never written (nor delivered) twice. */
  @Column({ type: 'varchar', length: 200, unique: true })
  idempotencyKey: string;

  // By entity name: core does not import the accounts library.
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Annex', { name: 'outbox_message_annex_id_fkey' })
  annexId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  relayedAt: Date | null;
}
