import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhooks/events';

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The partner that subscribed' }) partnerId: string;
  @ApiProperty({ example: 'https://partner.example.ma/annex/webhooks' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true }) events: WebhookEvent[];
  @ApiProperty() createdAt: string;
}
