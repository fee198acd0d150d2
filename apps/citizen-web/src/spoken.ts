/**
 * Spoken guidance for visitors who cannot read (kiosk and display): a recording the annex uploaded
 * (`GET /api/v1/signage/prompts`) plays in one shared <audio data-prompt> element; where there is
 * none, the browser's speech synthesis speaks the text in Arabic, French or English. Tamazight
 * has no synthesis voice: it is heard only from a recording.
 */
import type { Schemas } from '@annex/api-client';

export type Prompt = Schemas['AudioPromptDto'];
/** The steps as plain strings (the generated client types them as an enum). */
export type PromptStep = `${Prompt['step']}`;

/** BCP 47 tags of the synthesis voices; null: no voice to expect (a recording or nothing). */
export const SPEECH_LANG: Record<string, string | null> = { ar: 'ar-MA', fr: 'fr-FR', en: 'en-GB', zgh: null };

let player: HTMLAudioElement | null = null;
function audioElement(): HTMLAudioElement {
  if (!player) {
    player = document.createElement('audio');
    player.dataset.prompt = '';
    player.preload = 'auto';
    document.body.append(player);
  }
  return player;
}

/** The recording of a step in a language, if the annex uploaded one. */
export const promptFor = (prompts: readonly Prompt[] | undefined, step: PromptStep, lang: string) =>
  prompts?.find((p) => `${p.step}` === step && `${p.lang}` === lang);

/** Whether something can be heard for this step and language (a recording, or a synthesis voice). */
export const canSpeak = (prompts: readonly Prompt[] | undefined, step: PromptStep, lang: string) =>
  !!promptFor(prompts, step, lang) || (!!SPEECH_LANG[lang] && 'speechSynthesis' in window);

/** Plays a recording from its start (stopping whatever was speaking); resolves when it ends or fails. */
export function playRecording(url: string): Promise<void> {
  if ('speechSynthesis' in window) speechSynthesis.cancel();
  const el = audioElement();
  el.pause();
  el.src = url;
  el.currentTime = 0;
  return new Promise((resolve) => {
    el.onended = () => resolve();
    el.onerror = () => resolve();
    el.play().catch(() => resolve());
  });
}

/** Speaks a text with the browser's voice for the language; resolves when done (at once if none). */
export function speakText(lang: string, text: string): Promise<void> {
  const tag = SPEECH_LANG[lang];
  if (!tag || !('speechSynthesis' in window)) return Promise.resolve();
  const voices = speechSynthesis.getVoices();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = tag;
  u.voice = voices.find((v) => v.lang === tag) ?? voices.find((v) => v.lang.startsWith(lang)) ?? null;
  u.rate = 0.9;
  return new Promise((resolve) => {
    // A browser without a voice for the language may never end the utterance: go on regardless.
    const timer = setTimeout(resolve, 2000 + text.length * 120);
    u.onend = u.onerror = () => {
      clearTimeout(timer);
      resolve();
    };
    speechSynthesis.speak(u);
  });
}

/** A step in a language: its recording when there is one, else the text spoken. */
export function say(prompts: readonly Prompt[] | undefined, step: PromptStep, lang: string, text: string): Promise<void> {
  const recorded = promptFor(prompts, step, lang);
  if (recorded) return playRecording(recorded.url);
  stopRecording();
  if ('speechSynthesis' in window) speechSynthesis.cancel();
  return speakText(lang, text);
}

export function stopRecording(): void {
  player?.pause();
}
