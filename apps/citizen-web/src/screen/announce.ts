import { ScreenLang, SPEECH_LANG } from './messages';

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

/** Speaks each text in its language, one after the other (the engine queues them). */
export function speak(texts: { lang: ScreenLang; text: string }[]): void {
  if (!('speechSynthesis' in window)) return;
  const voices = speechSynthesis.getVoices();
  for (const { lang, text } of texts) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = SPEECH_LANG[lang];
    u.voice = voices.find((v) => v.lang === u.lang) ?? voices.find((v) => v.lang.startsWith(lang)) ?? null;
    u.rate = 0.9;
    speechSynthesis.speak(u);
  }
}
