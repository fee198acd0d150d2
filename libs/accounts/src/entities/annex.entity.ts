import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An administrative annex (e.g. BRK5, the 5th annex of the Pachalik of Berkane). */
@Entity()
export class Annex {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Tracking-code prefix. */
  @Column({ type: 'varchar', length: 8 }) code: string;
  @Column({ type: 'text' }) nameAr: string;
  @Column({ type: 'text' }) nameFr: string;
  @Column({ type: 'text' }) province: string;
  @Column({ type: 'text' }) pachalik: string;
  @Column({ type: 'text' }) address: string;
  @Column({ type: 'text' }) timeZone: string;
  @Column({ type: 'jsonb' }) openingHours: Record<string, unknown>;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
