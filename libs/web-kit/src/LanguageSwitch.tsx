import { useKitT, type Language } from './kit-t';

/** The language buttons: each name written in its own language; the choice is remembered by the provider. */
export function LanguageSwitch<L extends string>({
  languages,
  lang,
  setLang,
}: {
  languages: readonly Language<L>[];
  lang: L;
  setLang: (l: L) => void;
}) {
  const t = useKitT();
  return (
    <div role="group" aria-label={t('language')} className="langs">
      {languages.map((l) => (
        <button key={l.code} type="button" lang={l.code} aria-pressed={l.code === lang} onClick={() => setLang(l.code)}>
          {l.name}
        </button>
      ))}
    </div>
  );
}
