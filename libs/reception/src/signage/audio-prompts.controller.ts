import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { AudioPromptDto, AudioPromptInput, PROMPT_LANGS, PROMPT_STEPS } from './dto/audio-prompt.dto';
import { AudioPromptsService } from './audio-prompts.service';

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
