import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

export const DOSSIER_STATUSES = ['received', 'in_production', 'ready_at_agency', 'refused', 'collected'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export class DossierUpdateDto {
  @ApiProperty({ example: 'DGSN-2026-000731-03', description: "The partner's own id of this update: sending it again changes nothing" })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'updateId must be 1-100 letters, digits or . _ : -' })
  updateId: string;

  @ApiProperty({
    enum: DOSSIER_STATUSES,
    enumName: 'DossierStatus',
    example: 'ready_at_agency',
    description:
      'ready_at_agency moves the request to ready_for_pickup, refused to rejected, collected to delivered; the others are recorded on the timeline',
  })
  @IsIn(DOSSIER_STATUSES)
  status: DossierStatus;

  @ApiPropertyOptional({ example: 'Photo non conforme', description: 'Required when status is refused' })
  @ValidateIf((o: DossierUpdateDto) => o.status === 'refused' || o.reason !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'reason is required when status is refused' })
  @Length(1, 2000)
  reason?: string;

  @ApiProperty({
    example: '2026-11-24T10:15:00Z',
    description: 'When it happened at the agency; a later-arriving older update never overrides a newer one',
  })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiPropertyOptional({ example: 'PP-OUJ-2026-55821', description: "The agency's own file number" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  agencyReference?: string;
}
