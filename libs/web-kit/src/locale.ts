/** Whether this browser's Intl has data for the language (CLDR's `zgh` is thin and not everywhere). */
export const intlKnows = (lang: string) => Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0;

/**
 * The Intl locale both apps format with. Moroccans write Western digits, in Arabic too: every
 * formatter gets `-u-nu-latn`. A language the browser's Intl lacks formats numbers as French does
 * (Latin digits, the same separators); the citizen app then takes month names from its catalogue.
 */
export const moroccanLocale = (lang: string) => `${intlKnows(lang) ? lang : 'fr'}-MA-u-nu-latn`;
