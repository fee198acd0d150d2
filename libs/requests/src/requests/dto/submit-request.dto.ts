import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';

export const BENEFICIARY_KINDS = ['dependent', 'mandator'] as const;
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];

/** Someone the filer acts for: their confirmed minor child, or an adult who gave them a mandate. */
export class BeneficiaryDto {
  @ApiProperty({ enum: BENEFICIARY_KINDS, enumName: 'BeneficiaryKind' })
  @IsIn(BENEFICIARY_KINDS)
  kind: BeneficiaryKind;

  @ApiProperty({ format: 'uuid', description: 'The dependent’s id, or the mandator’s citizen id' })
  @IsUUID()
  id: string;
}

export class SubmitRequestDto {
  @ApiProperty({ example: 'RESIDENCE' })
  @Matches(/^[A-Za-z][A-Za-z0-9_]{1,31}$/, { message: 'procedureCode must be a procedure code' })
  procedureCode: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The citizen the request is for (staff, kiosk and partners only)' })
  @IsOptional()
  @IsUUID()
  citizenId?: string;

  @ApiPropertyOptional({
    type: BeneficiaryDto,
    description: 'Filing for someone else: the filer is the caller (a citizen) or citizenId (at the counter)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => BeneficiaryDto)
  beneficiary?: BeneficiaryDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { purpose: 'bank', addressLine: '12 rue Al Qods', residenceSince: '2015-09-01' },
  })
  @IsObject()
  form: Record<string, unknown>;
}
