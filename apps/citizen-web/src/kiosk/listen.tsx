import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { unwrap } from '../api';
import { Lang, LANGUAGES, MessageId, useLang, useT } from '../i18n';
import { canSpeak, PromptStep, say } from '../spoken';
import type { KioskDevice } from './index';

/** The annex's recorded prompts, read once in a while (an admin uploads them rarely). */
export function usePrompts(device: KioskDevice) {
  return useQuery({ queryKey: ['kiosk-prompts'], queryFn: () => unwrap(device.api.GET('/api/v1/signage/prompts')), staleTime: 5 * 60_000 })
    .data;
}

/** What each kiosk screen says aloud where the annex has no recording: its title and its instruction. */
const SPOKEN: Record<Exclude<PromptStep, 'kiosk.language' | 'screen.call'>, MessageId[]> = {
  'kiosk.start': ['kiosk.welcome', 'kiosk.appointment', 'kiosk.book', 'track.title', 'kiosk.certificate'],
  'kiosk.track': ['track.title', 'kiosk.trackIntro'],
  'kiosk.certificate': ['kiosk.certificate', 'kiosk.cinIntro'],
  'kiosk.appointment': ['kiosk.appointment', 'kiosk.appointmentIntro'],
  'kiosk.book': ['kiosk.book', 'kiosk.cinIntro'],
};
export type SpokenStep = keyof typeof SPOKEN;

/** The large "listen" button of a kiosk screen: the recording in the kiosk's language, else its text spoken. */
export function ListenButton({ device, step }: { device: KioskDevice; step: SpokenStep }) {
  const { t, lang } = useT();
  const prompts = usePrompts(device);
  // Tamazight without a recording has nothing to be heard: no button that does nothing.
  if (!canSpeak(prompts, step, lang)) return null;
  return (
    <Button
      className="button listen"
      data-step={step}
      onPress={() => void say(prompts, step, lang, SPOKEN[step].map((id) => t(id)).join('. '))}
    >
      <span aria-hidden="true">🔊 </span>
      {t('kiosk.listen')}
    </Button>
  );
}

/** Where each language's name is heard when no recording exists (names in ../i18n). */
const MARK: Record<Lang, string> = { ar: 'ع', fr: 'Fr', en: 'En', zgh: 'ⵣ' };

/**
 * The start screen's language choice for those who cannot read: large tiles with the language's
 * sign; a tap switches the kiosk to it and says its name (the annex's `kiosk.language` recording,
 * else the browser's voice).
 */
export function SpokenLanguages({ device }: { device: KioskDevice }) {
  const { t } = useT();
  const { lang, setLang } = useLang();
  const prompts = usePrompts(device);
  return (
    <div role="group" aria-label={t('kiosk.chooseLanguage')} className="kiosk-langs">
      {LANGUAGES.map((l) => (
        <button
          key={l.code}
          type="button"
          className="lang-tile"
          lang={l.code}
          aria-pressed={l.code === lang}
          onClick={() => {
            setLang(l.code);
            void say(prompts, 'kiosk.language', l.code, l.name);
          }}
        >
          <span className="mark" aria-hidden="true">
            {MARK[l.code]}
          </span>
          <span dir={l.dir}>{l.name}</span>
        </button>
      ))}
    </div>
  );
}
