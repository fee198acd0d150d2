import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUrl, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhooks/events';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://partner.example.ma/annex/webhooks',
    description: 'http(s) URL receiving a POST per event. Private network addresses are refused; loopback only outside production.',
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true, example: ['request.state_changed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];
}
