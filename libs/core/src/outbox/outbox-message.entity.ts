import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A side effect announced by a state change, written in the same transaction as that change.
 * Workers consume these rows (through the relay), never the API's memory.
 */
@Entity()
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

  @Column({ type: 'uuid', nullable: true })
  annexId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  relayedAt: Date | null;
}
