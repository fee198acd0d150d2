import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An administrative annex (e.g. BRK5, the 5th annex of the Pachalik of Berkane). */
@Entity()
export class Annex {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Tracking-code prefix. */
  @Column({ type: 'varchar', length: 8, unique: true }) code: string;
  @Column({ type: 'text' }) nameAr: string;
  @Column({ type: 'text' }) nameFr: string;
  @Column({ type: 'text' }) province: string;
  @Column({ type: 'text' }) pachalik: string;
  @Column({ type: 'text', default: '' }) address: string;
  @Column({ type: 'text', default: 'Africa/Casablanca' }) timeZone: string;
  @Column({ type: 'jsonb', default: {} }) openingHours: Record<string, unknown>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
