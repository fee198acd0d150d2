import { ApiProperty } from '@nestjs/swagger';
import { FileType } from '@app/core';

/** What the screens play: images, videos and the recorded prompts of the spoken guidance. */
export const MEDIA_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
] as const satisfies readonly FileType[];
export type MediaType = (typeof MEDIA_TYPES)[number];
/** Recorded prompts of the spoken guidance (see audio-prompts.service.ts). */
export const isAudio = (type: string) => type.startsWith('audio/');

/** Where a screen plays a file from (what a screen item's mediaUrl holds). */
export const mediaUrl = (id: string) => `/api/v1/signage/media/${id}`;

export class SignageMediaDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '/api/v1/signage/media/6f1c…', description: 'Put it in a screen item as mediaUrl' }) url: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: MEDIA_TYPES, enumName: 'SignageMediaType' }) contentType: MediaType;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const toSignageMediaDto = (r: Record<string, any>): SignageMediaDto => ({
  id: r.id,
  url: mediaUrl(r.id),
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  createdAt: new Date(r.created_at).toISOString(),
});
