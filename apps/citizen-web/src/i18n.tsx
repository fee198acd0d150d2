import { useIntl } from 'react-intl';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createLanguages, intlKnows, moroccanLocale, SHARED_LANGUAGES, useRich, type KitMessageId, type Language } from '@annex/web-kit';
import type fr from './messages/fr.json';
import { untranslated } from './lang-fallback';

/**
/**
 * The app's languages, each named in itself: the kit's three, then `zgh`, Standard Moroccan Amazigh
 * in Tifinagh (left to right); its catalogue marks each entry for review by a native speaker
 * (`messages/zgh.json`, `npm run i18n:zgh-report`), and what it lacks shows French marked "(fr)"
 * (see lang-fallback.ts). A new language is a file in messages/ plus its entry here.
 */
export const LANGUAGES = [...SHARED_LANGUAGES, { code: 'zgh', name: 'ⵜⴰⵎⴰⵣⵉⵖⵜ', dir: 'ltr' }] as const satisfies readonly Language[];
export type Lang = (typeof LANGUAGES)[number]['code'];
export const LANGS: Lang[] = LANGUAGES.map((l) => l.code);
export const LANGUAGE_NAMES = Object.fromEntries(LANGUAGES.map((l) => [l.code, l.name])) as Record<Lang, string>;
export const dirOfLang = (lang: Lang) => LANGUAGES.find((l) => l.code === lang)!.dir;
/** This app's keys and the kit's shared ones (states, loading, skip link, error summary). */
export type MessageId = keyof typeof fr | KitMessageId;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace FormatjsIntl {
    interface Message {
      ids: MessageId;
    }
  }
}

/**
 * Each catalogue (`messages/<lang>.json`, compiled to the ICU AST at build time) is its own small
 * chunk: a phone downloads only the language it shows.
 */
const FILES = import.meta.glob<{ default: Record<string, MessageFormatElement[]> }>('./messages/*.json');

/**
 * The kit's Moroccan locale (Latin digits; French numbers where Intl lacks the language); month
 * names then come from the catalogue (`month.1`…`month.12`, see `date` in useT).
 */
export const localeOf = (lang: Lang) => moroccanLocale(lang);

const languages = createLanguages<Lang>({
  languages: LANGUAGES,
  fallback: 'fr',
  storageKey: 'lang',
  load: (lang) => FILES[`./messages/${lang}.json`]().then((m) => m.default),
  locale: localeOf,
  timeZone: 'Africa/Casablanca',
});
/** The page language: remembered, and set as `lang` and `dir` on <html> (right to left for Arabic). */
export const LangProvider = languages.LangProvider;
export const useLang = languages.useLang;
/** The language buttons: on every page, each name written in its own language. */
export const LanguageSwitcher = languages.LanguageSwitch;

/** Formatters in the page's language: message, date, date and time, money (MAD). */
export function useT() {
  const intl = useIntl();
  const { lang } = useLang();
  const rich = useRich();
  const ownMonths = !intlKnows(lang);
  /** A date whose month name comes from the catalogue where Intl has none for the language. */
  const formatDate = (iso: string, options: Intl.DateTimeFormatOptions) =>
    ownMonths
      ? intl
          .formatDateToParts(iso, options)
          .map((p) =>
            p.type === 'month' && !/^\d+$/.test(p.value)
              ? intl.formatMessage({ id: `month.${intl.formatDate(iso, { month: 'numeric' })}` as MessageId })
              : p.value,
          )
          .join('')
      : intl.formatDate(iso, options);
  return {
    lang,
    t: (id: MessageId, values?: Record<string, string | number | Date>) => intl.formatMessage({ id }, values),
    /** A message around user data, each value in its own <bdi> (for text shown on the page, not attributes). */
    rich: (id: MessageId, values: Record<string, string | number>) => rich(id, values),
    date: (iso: string | null | undefined) => (iso ? formatDate(iso, { dateStyle: 'long' }) : '—'),
    // Without the language's data the date and the time are joined here: French would put its "à" between them.
    dateTime: (iso: string) =>
      ownMonths
        ? `${formatDate(iso, { dateStyle: 'long' })}, ${intl.formatTime(iso, { timeStyle: 'short' })}`
        : intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    money: (mad: number) => intl.formatNumber(mad, { style: 'currency', currency: 'MAD' }),
    /** A localized text of the API ({ar, fr, en, zgh?}); a Tamazight page shows French marked where the annex gave none. */
    text: (l: { ar: string; fr: string; en: string; zgh?: string } | null | undefined) => (l ? l[lang] || untranslated(lang, l.fr) : ''),
  };
}
