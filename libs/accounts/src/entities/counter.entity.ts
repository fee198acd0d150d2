import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Annex } from './annex.entity';

/** A numbered desk of an annex; an agent sits at one per shift. */
@Entity()
@Unique('counter_annex_id_number_key', ['annexId', 'number'])
@Check('counter_number_check', 'number > 0')
export class Counter {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) @ForeignKey(() => Annex, { name: 'counter_annex_id_fkey' }) annexId: string;
  @Column({ type: 'int' }) number: number;
  @Column({ type: 'text', default: '' }) label: string;
  /** Ticket groups this counter serves (A, B, C...). */
  @Column({ type: 'text', array: true, default: '{}' }) groups: string[];
}
