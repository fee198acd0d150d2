import { useIntl } from 'react-intl';
import { createLanguages, mergeCatalogues, moroccanLocale, SHARED_LANGUAGES, type KitMessageId } from '@annex/web-kit';
import kitAr from '@annex/web-kit/messages/ar.json';
import kitEn from '@annex/web-kit/messages/en.json';
import kitFr from '@annex/web-kit/messages/fr.json';
import ar from '../messages/ar.json';
import en from '../messages/en.json';
import fr from '../messages/fr.json';

/** The languages of the desk: data for the kit's provider and language switch. */
export const LANGUAGES = SHARED_LANGUAGES;
export type Lang = (typeof LANGUAGES)[number]['code'];
export const LANGS: Lang[] = LANGUAGES.map((l) => l.code);
/** This app's keys and the kit's shared ones (states, loading, skip link, error summary). */
export type MessageId = keyof typeof fr | KitMessageId;
/**
 * Every catalogue at once (the printed slip is bilingual), the kit's strings under the app's;
 * each must hold every French key (checked at compile time).
 */
export const CATALOGUES: Record<Lang, Record<MessageId, string>> = {
  fr: mergeCatalogues(kitFr, fr),
  ar: mergeCatalogues(kitAr, ar),
  en: mergeCatalogues(kitEn, en),
};

const languages = createLanguages<Lang>({
  languages: LANGUAGES,
  fallback: 'fr',
  storageKey: 'agent.lang',
  load: async (lang) => CATALOGUES[lang],
  // The citizen app's Moroccan conventions (Latin digits in Arabic too, French numbers where Intl lacks a language).
  locale: moroccanLocale,
  onShown: (lang) => {
    document.title = CATALOGUES[lang].appTitle;
  },
});
/** react-intl with the chosen language, remembered in localStorage; sets lang and dir on <html>. */
export const LocaleProvider = languages.LangProvider;
export const useLang = languages.useLang;
/** Language buttons, each name in its own language; the choice is remembered. */
export const LangSwitch = languages.LanguageSwitch;

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
