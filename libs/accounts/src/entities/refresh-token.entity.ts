import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One refresh token of a rotating family; only its SHA-256 is stored. */
@Entity()
@Check('refresh_token_subject_kind_check', `subject_kind IN ('citizen', 'staff')`)
@Index('refresh_token_family_idx', ['familyId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) familyId: string;
  @Column({ type: 'uuid' }) subjectId: string;
  @Column({ type: 'varchar', length: 8 }) subjectKind: 'citizen' | 'staff';
  @Column({ type: 'char', length: 64, unique: true }) tokenHash: string;
  @Column({ type: 'int', nullable: true }) counter: number | null;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
