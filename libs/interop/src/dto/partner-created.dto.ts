import { ApiProperty } from '@nestjs/swagger';
import { PartnerDto } from './partner.dto';

export class PartnerCreatedDto extends PartnerDto {
  @ApiProperty({
    example: 'ak_live_Xy3Q0v2b7cT9mFq1Jr8sLw4kPz6uHn5eDa0gBc1YtRo',
    description: "The partner's first key. Shown once; only its SHA-256 hash is stored.",
  })
  apiKey: string;
}
