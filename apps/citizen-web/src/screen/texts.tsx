import { createIntl, createIntlCache } from 'react-intl';
// The app's catalogues are compiled at build time (react-intl runs without its parser, see
// vite.config.ts); the screen's few texts are parsed here, in the screen's own chunk.
import { parse } from '@formatjs/icu-messageformat-parser';
import { LOCALE, SCREEN_LANGS, SCREEN_MESSAGES, ScreenLang, ScreenMessageKey } from './messages';

const params = new URLSearchParams(location.search);
/** The languages the screen shows side by side, first one leading the layout (`?lang=fr,ar`). */
export const LANGS: ScreenLang[] = (params.get('lang') ?? 'ar,fr')
  .split(',')
  .filter((l): l is ScreenLang => (SCREEN_LANGS as readonly string[]).includes(l));
if (!LANGS.length) LANGS.push('ar', 'fr');

const cache = createIntlCache();
// The screen keeps a catalogue of its own, outside the app's typed message ids (FormatjsIntl.Message).
type Messages = Parameters<typeof createIntl>[0]['messages'];
type Id = Parameters<ReturnType<typeof createIntl>['formatMessage']>[0]['id'];
const compiled = (messages: Record<string, string>) =>
  Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, parse(v)])) as unknown as Messages;
const intl = Object.fromEntries(
  SCREEN_LANGS.map((l) => [l, createIntl({ locale: LOCALE[l], messages: compiled(SCREEN_MESSAGES[l]) }, cache)]),
) as Record<ScreenLang, ReturnType<typeof createIntl>>;

export function fmt(lang: ScreenLang, key: ScreenMessageKey, values?: Record<string, string | number>): string {
  return intl[lang].formatMessage({ id: key as unknown as Id }, values);
}

export const dirOf = (lang: string) => (lang === 'ar' ? 'rtl' : 'ltr');

/** One message in every shown language, each marked with its language and direction. */
export function Multi({ k, values, className }: { k: ScreenMessageKey; values?: Record<string, string | number>; className?: string }) {
  return (
    <>
      {LANGS.map((l) => (
        <span key={l} lang={l} dir={dirOf(l)} className={className ?? 'multi'}>
          {fmt(l, k, values)}
        </span>
      ))}
    </>
  );
}

/** A text the annex wrote in several languages (signage titles), in the shown languages it has. */
export function Localized({ text }: { text: Record<string, string> | undefined }) {
  const shown = LANGS.filter((l) => text?.[l]);
  return (
    <>
      {shown.map((l) => (
        <span key={l} lang={l} dir={dirOf(l)} className="multi">
          {text![l]}
        </span>
      ))}
    </>
  );
}
