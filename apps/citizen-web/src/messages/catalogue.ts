/**
 * A catalogue entry is its ICU text, or `{ "text", "review": true }` while a native speaker has
 * not checked it (Tamazight: `npm run i18n:zgh-report` lists those and the missing keys). The
 * build (vite.config.ts) and the report read entries through this one function.
 */
export type CatalogueEntry = string | { text: string; review?: boolean };

export const catalogueText = (entries: Record<string, CatalogueEntry>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? v : v.text]));

/** The keys of `fr` (the reference catalogue) a language lacks, and those it has but still to review. */
export function coverage(
  reference: Record<string, CatalogueEntry>,
  entries: Record<string, CatalogueEntry>,
): { missing: string[]; unreviewed: string[] } {
  return {
    missing: Object.keys(reference).filter((k) => !(k in entries)),
    unreviewed: Object.entries(entries)
      .filter(([, v]) => typeof v !== 'string' && v.review !== false)
      .map(([k]) => k),
  };
}
