import { createContext, Fragment, ReactNode, useContext, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type fr from './messages/fr.json';
import { untranslated } from './lang-fallback';

/**
 * The app's languages, each named in itself. `zgh` is Standard Moroccan Amazigh in Tifinagh (left
 * to right); its catalogue marks each entry for review by a native speaker (`messages/zgh.json`,
 * `npm run i18n:zgh-report`), and what it lacks shows French marked "(fr)" (see lang-fallback.ts).
 */
export const LANGUAGES = [
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'zgh', name: 'ⵜⴰⵎⴰⵣⵉⵖⵜ', dir: 'ltr' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];
export const LANGS: Lang[] = LANGUAGES.map((l) => l.code);
export const LANGUAGE_NAMES = Object.fromEntries(LANGUAGES.map((l) => [l.code, l.name])) as Record<Lang, string>;
export const dirOfLang = (lang: Lang) => LANGUAGES.find((l) => l.code === lang)!.dir;
export type MessageId = keyof typeof fr;

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
 * chunk: a phone downloads only the language it shows. A new language is a file there plus its
 * entry in LANGS and LANGUAGE_NAMES.
 */
const FILES = import.meta.glob<{ default: Record<string, MessageFormatElement[]> }>('./messages/*.json');
const catalogue = (lang: Lang) => FILES[`./messages/${lang}.json`]();

/** Whether this browser's Intl has data for the language (CLDR's `zgh` is thin and not everywhere). */
const intlKnows = (lang: Lang) => Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0;

/**
 * Moroccans write Western digits, in Arabic too: every Intl formatter gets `-u-nu-latn`. A language
 * the browser's Intl lacks formats numbers as French does (Latin digits, the same separators) and
 * takes its month names from the catalogue (`month.1`…`month.12`, see `date` in useT).
 */
export const localeOf = (lang: Lang) => `${intlKnows(lang) ? lang : 'fr'}-MA-u-nu-latn`;

const isLang = (v: string | null | undefined): v is Lang => LANGS.includes(v as Lang);

/**
 * The page's first language: a link's `?lang=ar` (then remembered), else the one chosen before,
 * else the first of the browser's languages the app speaks, else French.
 */
const saved = (): Lang => {
  const linked = new URLSearchParams(location.search).get('lang');
  if (isLang(linked)) return linked;
  const chosen = localStorage.getItem('lang');
  if (isLang(chosen)) return chosen;
  const browser = (navigator.languages ?? [navigator.language]).map((l) => l.split('-')[0].toLowerCase()).find(isLang);
  return browser ?? 'fr';
};

const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'fr', setLang: () => undefined });

/** The page language: remembered, and set as `lang` and `dir` on <html> (right to left for Arabic). */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(saved);
  const [messages, setMessages] = useState<{ lang: Lang; messages: Record<string, MessageFormatElement[]> } | null>(null);
  useEffect(() => {
    let live = true;
    void catalogue(lang).then((m) => {
      if (!live) return;
      setMessages({ lang, messages: m.default });
      localStorage.setItem('lang', lang);
      document.documentElement.lang = lang;
      document.documentElement.dir = dirOfLang(lang);
    });
    return () => {
      live = false;
    };
  }, [lang]);
  // Until the first catalogue arrives there is nothing worth showing (a few kB, same origin).
  if (!messages) return null;
  return (
    <LangContext.Provider value={{ lang: messages.lang, setLang }}>
      <IntlProvider
        locale={localeOf(messages.lang)}
        messages={messages.messages}
        defaultLocale="fr-MA-u-nu-latn"
        timeZone="Africa/Casablanca"
      >
        {children}
      </IntlProvider>
    </LangContext.Provider>
  );
}

export const useLang = () => useContext(LangContext);

/** Formatters in the page's language: message, date, date and time, money (MAD). */
export function useT() {
  const intl = useIntl();
  const { lang } = useLang();
  const ownMonths = !intlKnows(lang);
  /** A date whose month name comes from the catalogue where Intl has none for the language. */
  const formatDate = (iso: string, options: Intl.DateTimeFormatOptions) =>
    ownMonths
      ? intl
          .formatDateToParts(iso, options)
          .map((p) => (p.type === 'month' && !/^\d+$/.test(p.value) ? intl.formatMessage({ id: `month.${intl.formatDate(iso, { month: 'numeric' })}` as MessageId }) : p.value))
          .join('')
      : intl.formatDate(iso, options);
  return {
    lang,
    t: (id: MessageId, values?: Record<string, string | number | Date>) => intl.formatMessage({ id }, values),
    /**
     * A message around user data (a name, a code, a phone number, a file name): each value inside
     * its own <bdi>, left to right unless it is written in Arabic, so "0661****67" or a Latin
     * address keeps its order in an Arabic sentence. For text shown on the page (not attributes).
     */
    rich: (id: MessageId, values: Record<string, string | number>): ReactNode => {
      const isolated = Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v : <bdi key={k} dir={/[\u0600-\u06ff]/.test(v) ? 'rtl' : 'ltr'}>{v}</bdi>]),
      );
      const out = intl.formatMessage({ id }, isolated);
      return Array.isArray(out) ? <Fragment>{out}</Fragment> : out;
    },
    date: (iso: string | null | undefined) => (iso ? formatDate(iso, { dateStyle: 'long' }) : '—'),
    // Without the language's data the date and the time are joined here: French would put its "à" between them.
    dateTime: (iso: string) =>
      ownMonths ? `${formatDate(iso, { dateStyle: 'long' })}, ${intl.formatTime(iso, { timeStyle: 'short' })}` : intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    money: (mad: number) => intl.formatNumber(mad, { style: 'currency', currency: 'MAD' }),
    /** A localized text of the API ({ar, fr, en, zgh?}); a Tamazight page shows French marked where the annex gave none. */
    text: (l: { ar: string; fr: string; en: string; zgh?: string } | null | undefined) => (l ? l[lang] || untranslated(lang, l.fr) : ''),
  };
}
