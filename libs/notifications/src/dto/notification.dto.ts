import { ApiProperty } from '@nestjs/swagger';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'request.ready_for_pickup' }) template: string;
  @ApiProperty({ enum: ['sms', 'email'], enumName: 'NotificationChannel' }) channel: 'sms' | 'email';
  @ApiProperty({ description: 'Masked destination, e.g. +2126****78' }) destination: string;
  @ApiProperty({ enum: ['ar', 'fr', 'en', 'zgh'], enumName: 'AlertLanguage' }) language: string;
  @ApiProperty({ enum: ['queued', 'sending', 'sent', 'delivered', 'failed'], enumName: 'NotificationStatus' }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed (staff only)' }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
}

export class RedriveDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}
