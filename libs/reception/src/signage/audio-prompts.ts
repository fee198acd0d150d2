import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { annexOf, CurrentUser, InvalidInput, NotFound, Principal, Roles } from '@app/core';
import { isAudio } from './signage-media';

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

const toDto = (r: Record<string, any>): AudioPromptDto => ({
  step: r.step,
  lang: r.lang,
  mediaId: r.media_id,
  url: `/api/v1/signage/media/${r.media_id}`,
  contentType: r.content_type,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** A path's step and language, refused with the field named (never a database error). */
function promptKey(step: string, lang: string): { step: PromptStep; lang: PromptLang } {
  const errors = [];
  if (!(PROMPT_STEPS as readonly string[]).includes(step))
    errors.push({ field: 'step', reason: 'isIn', message: `step must be one of ${PROMPT_STEPS.join(', ')}` });
  if (!(PROMPT_LANGS as readonly string[]).includes(lang))
    errors.push({ field: 'lang', reason: 'isIn', message: `lang must be one of ${PROMPT_LANGS.join(', ')}` });
  if (errors.length) throw new InvalidInput(errors);
  return { step: step as PromptStep, lang: lang as PromptLang };
}

@Injectable()
export class AudioPromptsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(p: Principal): Promise<AudioPromptDto[]> {
    const rows = await this.db.query(
      `SELECT a.*, m.content_type FROM audio_prompt a JOIN signage_media m ON m.id = a.media_id WHERE a.annex_id = $1 ORDER BY a.step, a.lang`,
      [annexOf(p)],
    );
    return rows.map(toDto);
  }

  async set(step: string, lang: string, input: AudioPromptInput, p: Principal): Promise<AudioPromptDto> {
    const key = promptKey(step, lang);
    const annexId = annexOf(p);
    const [media] = await this.db.query(`SELECT id, content_type FROM signage_media WHERE id = $1 AND annex_id = $2`, [
      input.mediaId,
      annexId,
    ]);
    if (!media) throw new InvalidInput([{ field: 'mediaId', reason: 'notFound', message: 'no screen media of this annex has this id' }]);
    if (!isAudio(media.content_type))
      throw new InvalidInput([
        { field: 'mediaId', reason: 'notAudio', message: `a prompt plays an audio file (this one is ${media.content_type})` },
      ]);
    const [row] = await this.db.query(
      `INSERT INTO audio_prompt (annex_id, step, lang, media_id, updated_by) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (annex_id, step, lang) DO UPDATE SET media_id = EXCLUDED.media_id, updated_by = EXCLUDED.updated_by, updated_at = now()
        RETURNING *`,
      [annexId, key.step, key.lang, media.id, p.id],
    );
    return toDto({ ...row, content_type: media.content_type });
  }

  async remove(step: string, lang: string, p: Principal): Promise<void> {
    const key = promptKey(step, lang);
    const [, n] = await this.db.query(`DELETE FROM audio_prompt WHERE annex_id = $1 AND step = $2 AND lang = $3 RETURNING step`, [
      annexOf(p),
      key.step,
      key.lang,
    ]);
    if (!n) throw new NotFound('Audio prompt');
  }
}

@ApiTags('reception')
@Controller('signage/prompts')
export class AudioPromptsController {
  constructor(private readonly prompts: AudioPromptsService) {}

  @Get()
  @ApiBearerAuth('bearer')
  @Roles('admin', 'kiosk', 'display')
  @ApiOperation({ summary: "The annex's recorded prompts (spoken guidance), per step and language" })
  @ApiOkResponse({ type: AudioPromptDto, isArray: true })
  list(@CurrentUser() p: Principal): Promise<AudioPromptDto[]> {
    return this.prompts.list(p);
  }

  @Put(':step/:lang')
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Play this uploaded audio file for a kiosk step or display announcement in a language' })
  @ApiParam({ name: 'step', enum: PROMPT_STEPS, enumName: 'PromptStep' })
  @ApiParam({ name: 'lang', enum: PROMPT_LANGS, enumName: 'PromptLang' })
  @ApiOkResponse({ type: AudioPromptDto })
  set(
    @Param('step') step: string,
    @Param('lang') lang: string,
    @Body() input: AudioPromptInput,
    @CurrentUser() p: Principal,
  ): Promise<AudioPromptDto> {
    return this.prompts.set(step, lang, input, p);
  }

  @Delete(':step/:lang')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a recorded prompt (the kiosk and display fall back to speech synthesis for ar and fr)' })
  @ApiParam({ name: 'step', enum: PROMPT_STEPS, enumName: 'PromptStep' })
  @ApiParam({ name: 'lang', enum: PROMPT_LANGS, enumName: 'PromptLang' })
  @ApiNoContentResponse()
  remove(@Param('step') step: string, @Param('lang') lang: string, @CurrentUser() p: Principal): Promise<void> {
    return this.prompts.remove(step, lang, p);
  }
}
