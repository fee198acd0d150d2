import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useT } from '../i18n';

/**
 * What counts as someone at the kiosk. Listened to in the capture phase on the window: React Aria's
 * buttons (the on-screen keypad) stop their presses from bubbling, and scroll never bubbles, so a
 * bubbling listener missed exactly what people do most.
 */
const ACTIVITY = ['pointerdown', 'touchstart', 'keydown', 'input', 'scroll', 'wheel'] as const;

/**
 * The idle timer: `remaining` is null while someone is there, then counts the seconds of the
 * warning down; at zero `onIdle` runs. Any activity (the warning's own button included) restarts it.
 */
export function useIdle(seconds: number, enabled: boolean, onIdle: () => void): number | null {
  const warnFor = Math.min(20, Math.max(2, Math.ceil(seconds / 3)));
  const last = useRef(Date.now());
  const [remaining, setRemaining] = useState<number | null>(null);
  const idle = useRef(onIdle);
  idle.current = onIdle;
  useEffect(() => {
    last.current = Date.now();
    setRemaining(null);
    if (!enabled) return;
    const touch = () => {
      last.current = Date.now();
      setRemaining(null);
    };
    ACTIVITY.forEach((e) => window.addEventListener(e, touch, { capture: true, passive: true }));
    const tick = setInterval(() => {
      const left = seconds - (Date.now() - last.current) / 1000;
      if (left <= 0) {
        last.current = Date.now();
        setRemaining(null);
        idle.current();
      } else setRemaining(left <= warnFor ? Math.ceil(left) : null);
    }, 250);
    return () => {
      clearInterval(tick);
      ACTIVITY.forEach((e) => window.removeEventListener(e, touch, { capture: true }));
    };
  }, [seconds, enabled, warnFor]);
  return remaining;
}

/** "Are you still there?" with the seconds left before the kiosk forgets everything. */
export function StillThere({ remaining }: { remaining: number }) {
  const { t } = useT();
  return (
    <div
      className="still-there"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="still-there-title"
      aria-describedby="still-there-text"
    >
      <h2 id="still-there-title">{t('kiosk.stillThere')}</h2>
      <p id="still-there-text">{t('kiosk.resetIn', { seconds: remaining })}</p>
      {/* Pressing it is activity: the capture listener restarts the timer, the warning goes. */}
      <Button className="button">{t('kiosk.continue')}</Button>
    </div>
  );
}
