import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AnnexStatus = 'draft' | 'open';

/**
 * An administrative annex. Everything a paper or a message says about it (names, province,
 * address, hours, signatory) is read from this row, never written in code (migration AnnexIdentity).
 */
@Entity()
@Check('annex_status_check', `status IN ('draft', 'open')`)
export class Annex {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Tracking-code prefix. */
  @Column({ type: 'varchar', length: 8, unique: true }) code: string;
  @Column({ type: 'text' }) nameAr: string;
  @Column({ type: 'text' }) nameFr: string;
  /** The Tamazight name (Tifinagh), when set. */
  @Column({ type: 'text', nullable: true }) nameZgh: string | null;
  /** Full labels as printed ("Province de …", "Pachalik de …" or a caïdat). */
  @Column({ type: 'text' }) province: string;
  @Column({ type: 'text', default: '' }) provinceAr: string;
  @Column({ type: 'text' }) pachalik: string;
  @Column({ type: 'text', default: '' }) pachalikAr: string;
  /** Where papers are made ("Fait à …"). */
  @Column({ type: 'text', default: '' }) cityFr: string;
  @Column({ type: 'text', default: '' }) cityAr: string;
  @Column({ type: 'text', default: '' }) address: string;
  @Column({ type: 'text', default: '' }) addressAr: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) phone: string | null;
  @Column({ type: 'text', default: '' }) signatoryName: string;
  @Column({ type: 'text', default: '' }) signatoryNameAr: string;
  @Column({ type: 'text', default: '' }) signatoryTitleFr: string;
  @Column({ type: 'text', default: '' }) signatoryTitleAr: string;
  @Column({ type: 'text', nullable: true }) emblemUrl: string | null;
  @Column({ type: 'text', default: 'Africa/Casablanca' }) timeZone: string;
  @Column({ type: 'jsonb', default: {} }) openingHours: Record<string, unknown>;
  /** Created through the API as a draft; opened explicitly once its checklist is complete. */
  @Column({ type: 'varchar', length: 8, default: 'open' }) status: AnnexStatus;
  @Column({ type: 'timestamptz', nullable: true }) openedAt: Date | null;
  /** Procedure codes of the shared catalogue this annex does not offer. */
  @Column({ type: 'text', array: true, default: '{}' }) disabledProcedures: string[];
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
