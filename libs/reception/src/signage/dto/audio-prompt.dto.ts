import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { mediaUrl } from './signage-media.dto';

/**
 * Spoken guidance for visitors who cannot read: a recording per kiosk step or display
 * announcement and per language, uploaded as screen media (`POST /signage/media`) and mapped here.
 * `kiosk.language` is the language's own name, played when its flag is tapped on the start screen;
 * `screen.call` is played by the display before the called number.
 */
export const PROMPT_STEPS = [
  'kiosk.start',
  'kiosk.language',
  'kiosk.track',
  'kiosk.certificate',
  'kiosk.appointment',
  'kiosk.book',
  'screen.call',
] as const;
export type PromptStep = (typeof PROMPT_STEPS)[number];
/** ar: Darija/Arabic; zgh: Tamazight; fr: French. Where none is recorded, ar and fr are synthesised. */
export const PROMPT_LANGS = ['ar', 'zgh', 'fr'] as const;
export type PromptLang = (typeof PROMPT_LANGS)[number];

export class AudioPromptInput {
  @ApiProperty({ format: 'uuid', description: 'An audio file of the annex’s screen media (MP3, Ogg or WAV)' })
  @IsUUID()
  mediaId: string;
}

export class AudioPromptDto {
  @ApiProperty({ enum: PROMPT_STEPS, enumName: 'PromptStep' }) step: PromptStep;
  @ApiProperty({ enum: PROMPT_LANGS, enumName: 'PromptLang' }) lang: PromptLang;
  @ApiProperty({ format: 'uuid' }) mediaId: string;
  @ApiProperty({ example: '/api/v1/signage/media/6f1c…', description: 'What the audio element plays' }) url: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const toAudioPromptDto = (r: Record<string, any>): AudioPromptDto => ({
  step: r.step,
  lang: r.lang,
  mediaId: r.media_id,
  url: mediaUrl(r.media_id),
  contentType: r.content_type,
  updatedAt: new Date(r.updated_at).toISOString(),
});
