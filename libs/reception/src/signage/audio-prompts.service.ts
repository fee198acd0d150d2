import { Injectable } from '@nestjs/common';
import { annexOf, InvalidInput, NotFound, Principal } from '@app/core';
import {
  AudioPromptDto,
  AudioPromptInput,
  PROMPT_LANGS,
  PROMPT_STEPS,
  PromptLang,
  PromptStep,
  toAudioPromptDto,
} from './dto/audio-prompt.dto';
import { isAudio } from './dto/signage-media.dto';
import { AudioPromptsRepository } from './audio-prompts.repository';
import { SignageMediaRepository } from './signage-media.repository';

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

/** Which uploaded audio file (screen media of the annex) plays for a step and a language. */
@Injectable()
export class AudioPromptsService {
  constructor(
    private readonly prompts: AudioPromptsRepository,
    private readonly media: SignageMediaRepository,
  ) {}

  async list(p: Principal): Promise<AudioPromptDto[]> {
    return (await this.prompts.list(annexOf(p))).map(toAudioPromptDto);
  }

  async set(step: string, lang: string, input: AudioPromptInput, p: Principal): Promise<AudioPromptDto> {
    const key = promptKey(step, lang);
    const annexId = annexOf(p);
    const media = await this.media.findOwned(input.mediaId, annexId);
    if (!media) throw new InvalidInput([{ field: 'mediaId', reason: 'notFound', message: 'no screen media of this annex has this id' }]);
    if (!isAudio(media.content_type))
      throw new InvalidInput([
        { field: 'mediaId', reason: 'notAudio', message: `a prompt plays an audio file (this one is ${media.content_type})` },
      ]);
    const row = await this.prompts.upsert(annexId, key.step, key.lang, media.id, p.id);
    return toAudioPromptDto({ ...row, content_type: media.content_type });
  }

  async remove(step: string, lang: string, p: Principal): Promise<void> {
    const key = promptKey(step, lang);
    if (!(await this.prompts.delete(annexOf(p), key.step, key.lang))) throw new NotFound('Audio prompt');
  }
}
