import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@app/core';

export class WebhookQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Admin only: one partner's subscriptions (ignored for a partner, who sees its own)" })
  @IsOptional()
  @IsUUID()
  partnerId?: string;
}
