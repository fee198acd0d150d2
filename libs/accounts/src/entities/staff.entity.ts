import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '@app/core';
import { Annex } from './annex.entity';

export type StaffRole = Exclude<Role, 'citizen' | 'partner'>;

/** A person working at the annex, or a device account (kiosk, display screen). */
@Entity()
@Check('staff_username_check', `username ~ '^[a-z0-9._-]{3,64}$'`)
@Check('staff_role_check', `role IN ('reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display')`)
@Check('staff_check', `annex_id IS NOT NULL OR role = 'admin'`)
export class Staff {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Null only for a province-wide admin. */
  @Column({ type: 'uuid', nullable: true }) @ForeignKey(() => Annex, { name: 'staff_annex_id_fkey' }) annexId: string | null;
  @Column({ type: 'varchar', length: 64, unique: true }) username: string;
  @Column({ type: 'text' }) fullName: string;
  /** The name as written in Arabic, when known (the Arabic column of a certificate). */
  @Column({ type: 'text', nullable: true }) fullNameAr: string | null;
  @Column({ type: 'varchar', length: 16 }) role: StaffRole;
  @Column({ type: 'text', select: false }) passwordHash: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'int', default: 0 }) failedLogins: number;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  /** Where SLA alerts reach a supervisor (migration SlaTimers); personal data, never selected by default. */
  @Column({ type: 'varchar', length: 254, nullable: true, select: false }) email: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true, select: false }) phone: string | null;
}
