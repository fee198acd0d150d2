import { Prompt, playRecording, promptFor, speakText } from '../spoken';
import { ScreenLang } from './messages';

/** A two-tone chime drawn with Web Audio (no sound file to ship or cache). */
let audio: AudioContext | null = null;

export function soundBlocked(): boolean {
  return !audio || audio.state !== 'running';
}

/** Screens run unattended; a browser that blocks sound until a touch gets one button press, once. */
export async function enableSound(): Promise<void> {
  audio ??= new AudioContext();
  await audio.resume().catch(() => undefined);
}

export function chime(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  [880, 660].forEach((freq, i) => {
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + i * 0.45);
    gain.gain.exponentialRampToValueAtTime(0.4, start + i * 0.45 + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.45 + 0.6);
    osc.connect(gain).connect(audio!.destination);
    osc.start(start + i * 0.45);
    osc.stop(start + i * 0.45 + 0.65);
  });
}

/** "A-042" is read "A 42": a speech engine reads the padded zeros one by one. */
export function spokenNumber(number: string): string {
  const m = /^([A-Z])-0*(\d+)$/.exec(number);
  return m ? `${m[1]} ${m[2]}` : number;
}

/**
 * Announces a call in each language, one after the other: the annex's recording of `screen.call`
 * for that language when there is one (the number and counter are on screen), else the sentence
 * spoken by the browser (Arabic, French; Tamazight has no voice, so only a recording is heard).
 */
export async function announce(prompts: readonly Prompt[], texts: { lang: ScreenLang; text: string }[]): Promise<void> {
  // Spoken sentences queue in the speech engine; a recording waits for what is being spoken.
  let speaking: Promise<void> = Promise.resolve();
  for (const { lang, text } of texts) {
    const recorded = promptFor(prompts, 'screen.call', lang);
    if (recorded) {
      await speaking;
      await playRecording(recorded.url);
    } else {
      speaking = speakText(lang, text);
    }
  }
}
