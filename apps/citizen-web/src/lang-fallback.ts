/**
 * What a page in a language shows for a text that language lacks: never a silent switch to another
 * language. Tamazight (`zgh`) is young in the catalogue: a missing message or a guide text the
 * annex has not translated shows the French (same direction, read by most visitors who do not
 * read Tifinagh), marked "(fr)" so the visitor and the reviewer see it is not Tamazight. One home
 * for the rule: the Vite plugin (catalogue) and useT().text (guide texts) both use it.
 */
export const FALLBACK: Record<string, 'fr'> = { zgh: 'fr' };

export const untranslated = (lang: string, fallbackText: string): string =>
  lang in FALLBACK ? `(${FALLBACK[lang]}) ${fallbackText}` : fallbackText;
