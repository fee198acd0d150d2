import { useIntl } from 'react-intl';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createLanguages, SHARED_LANGUAGES, useRich, type KitMessageId, type Language } from '@annex/web-kit';
import type fr from './messages/fr.json';

/**
 * The languages this app speaks: data for the kit's provider and language switch. A new language
 * is a file in messages/ plus its entry here.
 */
export const LANGUAGES = [...SHARED_LANGUAGES] as const satisfies readonly Language[];
export type Lang = (typeof LANGUAGES)[number]['code'];
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

/** Moroccans write Western digits, in Arabic too: every Intl formatter gets `-u-nu-latn`. */
export const localeOf = (lang: Lang) => `${lang}-MA-u-nu-latn`;

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
  return {
    lang,
    t: (id: MessageId, values?: Record<string, string | number | Date>) => intl.formatMessage({ id }, values),
    /** A message around user data, each value in its own <bdi> (for text shown on the page, not attributes). */
    rich: (id: MessageId, values: Record<string, string | number>) => rich(id, values),
    date: (iso: string | null | undefined) => (iso ? intl.formatDate(iso, { dateStyle: 'long' }) : '—'),
    dateTime: (iso: string) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    money: (mad: number) => intl.formatNumber(mad, { style: 'currency', currency: 'MAD' }),
    /** A localized text of the API ({ar, fr, en}). */
    text: (l: { ar: string; fr: string; en: string } | null | undefined) => (l ? l[lang] || l.fr : ''),
  };
}
