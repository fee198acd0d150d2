import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A numbered desk of an annex; an agent sits at one per shift. */
@Entity()
export class Counter {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) annexId: string;
  @Column({ type: 'int' }) number: number;
  @Column({ type: 'text' }) label: string;
  /** Ticket groups this counter serves (A, B, C...). */
  @Column({ type: 'text', array: true }) groups: string[];
}
