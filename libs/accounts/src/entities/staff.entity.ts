import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '@app/core';

export type StaffRole = Exclude<Role, 'citizen' | 'partner'>;

/** A person working at the annex, or a device account (kiosk, display screen). */
@Entity()
export class Staff {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Null only for a province-wide admin. */
  @Column({ type: 'uuid', nullable: true }) annexId: string | null;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'text' }) fullName: string;
  @Column({ type: 'varchar', length: 16 }) role: StaffRole;
  @Column({ type: 'text', select: false }) passwordHash: string;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ type: 'int' }) failedLogins: number;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
