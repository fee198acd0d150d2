import { LANGS, LANGUAGE_NAMES, useLang, useT } from '../i18n';

/** Language buttons, each name in its own language; the choice is remembered. */
export function LangSwitch() {
  const t = useT();
  const { lang, setLang } = useLang();
  return (
    <div role="group" aria-label={t('language')} className="langs">
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => setLang(l)}>
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}
