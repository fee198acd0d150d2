import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PARTNER_SCOPES, PartnerScope } from '../partners/api-keys';

export class CreatePartnerDto {
  @ApiProperty({ example: 'DGSN – passeports Oujda', description: 'Name of the partner system' })
  @IsString()
  @Length(2, 120)
  name: string;

  @ApiProperty({ enum: PARTNER_SCOPES, enumName: 'PartnerScope', isArray: true, example: ['dossiers:update', 'webhooks:manage'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PARTNER_SCOPES, { each: true })
  scopes: PartnerScope[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Limit the partner to one annex; omitted: province-wide' })
  @IsOptional()
  @IsUUID()
  annexId?: string;

  @ApiPropertyOptional({
    example: 'DGSN',
    description:
      'The agency the partner acts for (dossiers forwarded to it); needed for dossiers:read and dossiers:update to reach anything',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/)
  agencyCode?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000, default: 600, description: 'Calls a minute allowed per key' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  rateLimitPerMinute?: number;
}
