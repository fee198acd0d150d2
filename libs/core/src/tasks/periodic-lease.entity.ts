import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The lease of a periodic task: held by one worker process until `until` (see PeriodicTasks). */
@Entity()
export class PeriodicLease {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  holder: string;

  @Column({ type: 'timestamptz' })
  until: Date;
}
