import { ApiProperty } from '@nestjs/swagger';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;

export class DeliveryAttemptDto {
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ nullable: true, type: Number, example: 503, description: 'HTTP status of the receiver; null when no answer' }) statusCode:
    number | null;
  @ApiProperty({ nullable: true, type: Number, example: 42, description: 'null when the target was refused (no connection made)' })
  latencyMs: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'http_5xx',
    description:
      'http_4xx, http_5xx, timeout, network or refused (the URL or an address its name resolves to is not allowed); null on success',
  })
  errorClass: string | null;
  @ApiProperty() at: string;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event id (also in the body): receivers deduplicate on it' }) eventId: string;
  @ApiProperty({ example: 'request.state_changed' }) eventType: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' }) status: (typeof DELIVERY_STATUSES)[number];
  @ApiProperty({ example: 4 }) attempts: number;
  @ApiProperty({ nullable: true, type: Number, example: 200 }) lastStatusCode: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'One line per attempt, oldest first' }) log: DeliveryAttemptDto[];
}
