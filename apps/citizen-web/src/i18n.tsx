import { createContext, Fragment, ReactNode, useContext, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type fr from './messages/fr.json';

export type Lang = 'ar' | 'fr' | 'en';
export const LANGS: Lang[] = ['ar', 'fr', 'en'];
export const LANGUAGE_NAMES: Record<Lang, string> = { ar: 'العربية', fr: 'Français', en: 'English' };
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

/** Moroccans write Western digits, in Arabic too: every Intl formatter gets `-u-nu-latn`. */
export const localeOf = (lang: Lang) => `${lang}-MA-u-nu-latn`;

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
  const browser = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase()).find(isLang);
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
      document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
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
    date: (iso: string | null | undefined) => (iso ? intl.formatDate(iso, { dateStyle: 'long' }) : '—'),
    dateTime: (iso: string) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    money: (mad: number) => intl.formatNumber(mad, { style: 'currency', currency: 'MAD' }),
    /** A localized text of the API ({ar, fr, en}). */
    text: (l: { ar: string; fr: string; en: string } | null | undefined) => (l ? l[lang] || l.fr : ''),
  };
}
