import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export type Language = 'ar' | 'fr' | 'en';
export type AlertChannel = 'sms' | 'email' | 'both';
export type CitizenStatus = 'pending' | 'active' | 'unclaimed' | 'disabled';

/** The User Administrative Account (CAU): one resident of an annex. */
@Entity()
export class Citizen {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) annexId: string;
  @Column({ type: 'varchar', length: 10 }) cin: string;
  @Column({ type: 'text' }) firstName: string;
  @Column({ type: 'text' }) lastName: string;
  @Column({ type: 'text' }) firstNameAr: string;
  @Column({ type: 'text' }) lastNameAr: string;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'char', length: 1 }) sex: 'F' | 'M';
  @Column({ type: 'varchar', length: 16 }) phone: string;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'uuid', nullable: true }) neighbourhoodId: string | null;
  @Column({ type: 'text', nullable: true }) addressLine: string | null;
  @Column({ type: 'varchar', length: 2 }) preferredLanguage: Language;
  @Column({ type: 'varchar', length: 5 }) preferredChannel: AlertChannel;
  @Column({ type: 'text', nullable: true, select: false }) passwordHash: string | null;
  @Column({ type: 'varchar', length: 16 }) status: CitizenStatus;
  /** The staff member who created the account for a walk-in, if any. */
  @Column({ type: 'uuid', nullable: true }) assistedBy: string | null;
  @Column({ type: 'date' }) residenceFrom: string;
  /** Set when the citizen moves out: kept in history, no longer counted in the census. */
  @Column({ type: 'date', nullable: true }) residenceTo: string | null;
  @Column({ type: 'int' }) failedLogins: number;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
