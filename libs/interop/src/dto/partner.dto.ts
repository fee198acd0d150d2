import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_SCOPES, PartnerScope } from '../partners/api-keys';
import { ApiKeyDto } from './api-key.dto';

export class PartnerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'DGSN – passeports Oujda' }) name: string;
  @ApiProperty({ enum: PARTNER_SCOPES, enumName: 'PartnerScope', isArray: true }) scopes: PartnerScope[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Annex the partner is limited to' }) annexId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'DGSN',
    description: 'The agency the partner acts for: it sees and updates only dossiers forwarded to it',
  })
  agencyCode: string | null;
  @ApiProperty({ example: 600 }) rateLimitPerMinute: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [ApiKeyDto], description: 'Keys, newest first' }) keys: ApiKeyDto[];
}
