import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsUUID, Matches } from 'class-validator';

export class SubmitRequestDto {
  @ApiProperty({ example: 'RESIDENCE' })
  @Matches(/^[A-Za-z][A-Za-z0-9_]{1,31}$/, { message: 'procedureCode must be a procedure code' })
  procedureCode: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The citizen the request is for (staff, kiosk and partners only)' })
  @IsOptional()
  @IsUUID()
  citizenId?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { purpose: 'bank', addressLine: '12 rue Al Qods', residenceSince: '2015-09-01' } })
  @IsObject()
  form: Record<string, unknown>;
}
