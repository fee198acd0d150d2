import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const KINDS = ['video', 'image', 'announcement', 'law_update', 'neighbourhood_info', 'services_map'] as const;

export class SignageInput {
  @ApiProperty({ enum: KINDS, enumName: 'SignageKind' }) @IsIn(KINDS) kind: (typeof KINDS)[number];
  @ApiProperty({ example: { ar: 'مواقيت العمل', fr: "Horaires d'ouverture" } }) @IsObject() title: Record<string, string>;
  @ApiPropertyOptional({ example: { ar: '…', fr: '…' } }) @IsOptional() @IsObject() body?: Record<string, string>;
  @ApiPropertyOptional({ description: 'Video or image URL (same origin)' })
  @IsOptional()
  @IsString()
  @Matches(/^\/[^\s]*$|^https:\/\/[^\s]+$/, { message: 'mediaUrl must be a path or an https URL' })
  mediaUrl?: string;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(10_000) position?: number;
  @ApiPropertyOptional({ enum: ['ar', 'fr', 'en', 'all'], enumName: 'SignageLanguage' })
  @IsOptional()
  @IsIn(['ar', 'fr', 'en', 'all'])
  language?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() endsAt?: string;
}

export class SignageDto extends SignageInput {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export const toSignageDto = (r: Record<string, any>): SignageDto => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  mediaUrl: r.media_url ?? undefined,
  position: r.position,
  language: r.language,
  startsAt: r.starts_at ? new Date(r.starts_at).toISOString() : undefined,
  endsAt: r.ends_at ? new Date(r.ends_at).toISOString() : undefined,
});
