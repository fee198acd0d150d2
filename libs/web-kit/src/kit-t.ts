import { useIntl } from 'react-intl';
import type fr from './messages/fr.json';

/** The ids of the kit's own catalogue (`messages/<lang>.json`), merged under each app's. */
export type KitMessageId = keyof typeof fr;

/** One language an app speaks: its code, its name written in itself, its direction. */
export interface Language<L extends string = string> {
  code: L;
  name: string;
  dir: 'ltr' | 'rtl';
}

/** The languages both apps speak (an app may add its own after them: the citizen app's Tamazight). */
export const SHARED_LANGUAGES = [
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
] as const satisfies readonly Language[];

/** The kit's own strings, for its components. */
export function useKitT() {
  const intl = useIntl();
  return (id: KitMessageId, values?: Record<string, string | number>) => intl.formatMessage({ id: id as never }, values);
}
