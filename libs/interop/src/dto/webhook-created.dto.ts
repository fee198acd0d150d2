import { ApiProperty } from '@nestjs/swagger';
import { WebhookDto } from './webhook.dto';

export class WebhookCreatedDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_9fJ2kQ0x7LmN4pR8sT1vW3yZ5aB6cD0e',
    description: 'HMAC-SHA256 key of the `X-Annex-Signature` header. Shown once.',
  })
  secret: string;
}
