import { ApiProperty } from '@nestjs/swagger';

export const API_KEY_STATUSES = ['active', 'expired', 'revoked'] as const;

/** A key as listed: never the key itself, only its visible prefix. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ak_live_Xy3Q', description: 'First characters of the key, to recognise it' }) prefix: string;
  @ApiProperty({ enum: API_KEY_STATUSES, enumName: 'ApiKeyStatus' }) status: (typeof API_KEY_STATUSES)[number];
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'After this instant the key is refused (shortened to the overlap window by a rotation)' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
}
