import { IDENTITY_PATTERNS } from '@app/core';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Annex } from './annex.entity';
import { Neighbourhood } from './neighbourhood.entity';

export type Language = 'ar' | 'fr' | 'en' | 'zgh';
export type AlertChannel = 'sms' | 'email' | 'both';
export type CitizenStatus = 'pending' | 'active' | 'unclaimed' | 'disabled';

/** The User Administrative Account (CAU): one resident of an annex. */
@Entity()
@Check('citizen_cin_check', `cin ~ '${IDENTITY_PATTERNS.cin}'`)
@Check('citizen_sex_check', `sex IN ('F', 'M')`)
@Check('citizen_phone_check', `phone ~ '${IDENTITY_PATTERNS.mobile}'`)
@Check('citizen_preferred_language_check', `preferred_language IN ('ar', 'fr', 'en', 'zgh')`)
@Check('citizen_preferred_channel_check', `preferred_channel IN ('sms', 'email', 'both')`)
@Check('citizen_status_check', `status IN ('pending', 'active', 'unclaimed', 'disabled')`)
@Index('citizen_phone_idx', ['phone'])
@Index('citizen_annex_neighbourhood_idx', ['annexId', 'neighbourhoodId'], { where: 'residence_to IS NULL' })
export class Citizen {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) @ForeignKey(() => Annex, { name: 'citizen_annex_id_fkey' }) annexId: string;
  @Column({ type: 'varchar', length: 10, unique: true }) cin: string;
  @Column({ type: 'text' }) firstName: string;
  @Column({ type: 'text' }) lastName: string;
  @Column({ type: 'text' }) firstNameAr: string;
  @Column({ type: 'text' }) lastNameAr: string;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'char', length: 1 }) sex: 'F' | 'M';
  @Column({ type: 'varchar', length: 16 }) phone: string;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'uuid', nullable: true }) @ForeignKey(() => Neighbourhood, { name: 'citizen_neighbourhood_id_fkey' }) neighbourhoodId:
    string | null;
  @Column({ type: 'text', nullable: true }) addressLine: string | null;
  @Column({ type: 'varchar', length: 3, default: 'fr' }) preferredLanguage: Language;
  @Column({ type: 'varchar', length: 5, default: 'sms' }) preferredChannel: AlertChannel;
  @Column({ type: 'text', nullable: true, select: false }) passwordHash: string | null;
  @Column({ type: 'varchar', length: 16, default: 'active' }) status: CitizenStatus;
  /** The staff member who created the account for a walk-in, if any. */
  @Column({ type: 'uuid', nullable: true }) assistedBy: string | null;
  @Column({ type: 'date', default: () => "('now'::text)::date" }) residenceFrom: string;
  /** Set when the citizen moves out: kept in history, no longer counted in the census. */
  @Column({ type: 'date', nullable: true }) residenceTo: string | null;
  @Column({ type: 'int', default: 0 }) failedLogins: number;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  @VersionColumn({ default: 1 }) version: number;
}
