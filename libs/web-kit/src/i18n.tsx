/// <reference types="vite/client" />
import { createContext, Fragment, ReactNode, useContext, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { LanguageSwitch } from './LanguageSwitch';
import type { Language } from './kit-t';

/** A catalogue: ICU strings, or their AST when the app's build precompiles them. */
export type Catalogue = Record<string, unknown>;

// Each of the kit's catalogues is its own chunk, loaded with the app's one for the same language;
// a language the kit has no file for gets the kit's French (the app's own file may override any key).
const kitFiles = import.meta.glob<{ default: Catalogue }>('./messages/*.json');
const kitCatalogue = (lang: string) => (kitFiles[`./messages/${lang}.json`] ?? kitFiles['./messages/fr.json'])().then((m) => m.default);

/** The kit's strings for a language, under the app's: for an app that needs its catalogues at once (a printed slip). */
export function mergeCatalogues<K extends Catalogue, C extends Catalogue>(kit: K, app: C): K & C {
  return { ...kit, ...app };
}

export interface LanguagesConfig<L extends string> {
  /** Data, not code: adding a language is an entry here and a catalogue file. */
  languages: readonly Language<L>[];
  fallback: L;
  /** localStorage key of the remembered choice. */
  storageKey: string;
  /** The app's catalogue for a language (the kit's strings are merged under it). */
  load: (lang: L) => Promise<Catalogue>;
  /** The Intl locale for a language (Moroccan conventions). */
  locale: (lang: L) => string;
  timeZone?: string;
  /** Called when a language's messages are shown (the document title, say). */
  onShown?: (lang: L, messages: Catalogue) => void;
}

/**
 * The page language for one app: read from a link's `?lang=` (then remembered), else the one
 * chosen before, else the first of the browser's languages the app speaks, else the fallback;
 * set as `lang` and `dir` on <html>; react-intl with the app's catalogue over the kit's.
 */
export function createLanguages<L extends string>(config: LanguagesConfig<L>) {
  const codes = config.languages.map((l) => l.code);
  const isLang = (v: string | null | undefined): v is L => codes.includes(v as L);
  const dirOf = (lang: L) => config.languages.find((l) => l.code === lang)?.dir ?? 'ltr';

  const initial = (): L => {
    const linked = new URLSearchParams(location.search).get('lang');
    if (isLang(linked)) return linked;
    const chosen = localStorage.getItem(config.storageKey);
    if (isLang(chosen)) return chosen;
    const browser = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase()).find(isLang);
    return browser ?? config.fallback;
  };

  const LangContext = createContext<{ lang: L; setLang: (l: L) => void }>({ lang: config.fallback, setLang: () => undefined });

  function LangProvider({ children }: { children: ReactNode }) {
    const [lang, setLang] = useState<L>(initial);
    const [shown, setShown] = useState<{ lang: L; messages: Catalogue } | null>(null);
    useEffect(() => {
      let live = true;
      void Promise.all([kitCatalogue(lang), config.load(lang)]).then(([kit, app]) => {
        if (!live) return;
        const messages = mergeCatalogues(kit, app);
        setShown({ lang, messages });
        localStorage.setItem(config.storageKey, lang);
        document.documentElement.lang = lang;
        document.documentElement.dir = dirOf(lang);
        config.onShown?.(lang, messages);
      });
      return () => {
        live = false;
      };
    }, [lang]);
    // Until the first catalogue arrives there is nothing worth showing (a few kB, same origin).
    if (!shown) return null;
    return (
      <LangContext.Provider value={{ lang: shown.lang, setLang }}>
        <IntlProvider
          locale={config.locale(shown.lang)}
          messages={shown.messages as Record<string, string>}
          defaultLocale={config.locale(config.fallback)}
          timeZone={config.timeZone}
        >
          {children}
        </IntlProvider>
      </LangContext.Provider>
    );
  }

  const useLang = () => useContext(LangContext);
  /** The language buttons, on every page. */
  function Switch() {
    const { lang, setLang } = useLang();
    return <LanguageSwitch languages={config.languages} lang={lang} setLang={setLang} />;
  }
  return { languages: config.languages, isLang, dirOf, LangProvider, useLang, LanguageSwitch: Switch };
}

/**
 * A message around user data (a name, a code, a phone number, a file name): each value inside its
 * own <bdi>, left to right unless it is written in Arabic, so "0661****67" or a Latin address
 * keeps its order in an Arabic sentence. For text shown on the page (not attributes).
 */
export function useRich() {
  const intl = useIntl();
  return (id: string, values: Record<string, string | number>): ReactNode => {
    const isolated = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        typeof v === 'number' ? (
          v
        ) : (
          <bdi key={k} dir={/[\u0600-\u06ff]/.test(v) ? 'rtl' : 'ltr'}>
            {v}
          </bdi>
        ),
      ]),
    );
    const out = intl.formatMessage({ id: id as never }, isolated);
    return Array.isArray(out) ? <Fragment>{out}</Fragment> : out;
  };
}
