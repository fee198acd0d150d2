import { createContext, ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import ar from '../messages/ar.json';
import en from '../messages/en.json';
import fr from '../messages/fr.json';

export type Lang = 'ar' | 'fr' | 'en';
export const LANGS: Lang[] = ['ar', 'fr', 'en'];
export type MessageId = keyof typeof fr;
/** Each catalogue must hold every French key (checked at compile time). */
export const CATALOGUES: Record<Lang, Record<MessageId, string>> = { fr, ar, en };
/** Language names, each written in its own language. */
export const LANGUAGE_NAMES: Record<Lang, string> = { ar: 'العربية', fr: 'Français', en: 'English' };

const KEY = 'agent.lang';

const isLang = (v: string | null | undefined): v is Lang => v === 'ar' || v === 'fr' || v === 'en';

/** A link's `?lang=` (then remembered), else the language chosen before, else the browser's first one we speak. */
function initialLang(): Lang {
  const linked = new URLSearchParams(location.search).get('lang');
  if (isLang(linked)) return linked;
  const saved = localStorage.getItem(KEY);
  if (isLang(saved)) return saved;
  return (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase()).find(isLang) ?? 'fr';
}

const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'fr', setLang: () => undefined });

/** react-intl with the chosen language, remembered in localStorage; sets lang and dir on <html>. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    localStorage.setItem(KEY, lang);
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    document.title = CATALOGUES[lang].appTitle;
  }, [lang]);
  const value = useMemo(
    () => ({
      lang,
      setLang: (l: Lang) => {
        localStorage.setItem(KEY, l);
        setLangState(l);
      },
    }),
    [lang],
  );
  return (
    <LangContext.Provider value={value}>
      {/* Moroccan conventions (Latin digits in Arabic too), through Intl. */}
      <IntlProvider locale={`${lang}-MA`} messages={CATALOGUES[lang]} defaultLocale="fr-MA">
        {children}
      </IntlProvider>
    </LangContext.Provider>
  );
}

export function useLang() {
  return useContext(LangContext);
}

export type T = (id: MessageId, values?: Record<string, string | number | Date>) => string;

/** The message function: `t('queue.title')`, ICU arguments in the second parameter. */
export function useT(): T {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values);
}

/** Dates, numbers and durations with the page locale. */
export function useFormat() {
  const intl = useIntl();
  return {
    date: (iso: string | null | undefined) => (iso ? intl.formatDate(iso, { dateStyle: 'medium' }) : '—'),
    /** A calendar day (`2027-01-11`) written out: "11 janvier 2027", "11 يناير 2027". */
    day: (ymd: string) => intl.formatDate(`${ymd}T00:00:00Z`, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    /** A day of every year (`01-11`): "11 janvier". */
    monthDay: (md: string) => intl.formatDate(`2000-${md}T00:00:00Z`, { day: 'numeric', month: 'long', timeZone: 'UTC' }),
    dateTime: (iso: string | null | undefined) => (iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }) : '—'),
    number: (n: number | null | undefined, digits = 0) => (n == null ? '—' : intl.formatNumber(n, { maximumFractionDigits: digits })),
    percent: (n: number | null | undefined) => (n == null ? '—' : intl.formatNumber(n, { style: 'percent', maximumFractionDigits: 1 })),
    /** "3 h ago", "2 days ago": the age of a request. */
    age: (iso: string) => {
      const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
      if (minutes < 60) return intl.formatRelativeTime(-minutes, 'minute', { numeric: 'auto' });
      if (minutes < 48 * 60) return intl.formatRelativeTime(-Math.round(minutes / 60), 'hour');
      return intl.formatRelativeTime(-Math.round(minutes / 1440), 'day');
    },
  };
}
