import { useEffect, useState } from 'react';
import { TrackPage } from './pages';
import { Lang, MessageKey } from './i18n';

/** Idle this long, the kiosk forgets everything and starts again (override: ?idle=<seconds>). */
const IDLE_SECONDS = Number(new URLSearchParams(location.search).get('idle') ?? 90);

/** The touchscreen at the entrance: large targets, and nothing left on screen for the next person. */
export default function Kiosk({ t, lang }: { t: (k: MessageKey, vars?: Record<string, string | number>) => string; lang: Lang }) {
  const [session, setSession] = useState(0);
  useEffect(() => {
    let timer = setTimeout(() => setSession((s) => s + 1), IDLE_SECONDS * 1000);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setSession((s) => s + 1), IDLE_SECONDS * 1000);
    };
    const events = ['pointerdown', 'keydown', 'input'];
    events.forEach((e) => window.addEventListener(e, touch));
    return () => {
      clearTimeout(timer);
      events.forEach((e) => window.removeEventListener(e, touch));
    };
  }, [session]);
  // A new key remounts the page: every field and result is gone.
  return <TrackPage key={session} t={t} lang={lang} large />;
}
