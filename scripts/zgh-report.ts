/**
 * Tamazight (zgh) catalogue report: the strings still awaiting a native speaker's review and the
 * keys the catalogue lacks (shown in French marked "(fr)"), for the citizen app and kiosk
 * (`apps/citizen-web/src/messages/zgh.json` against fr.json) and the display screen
 * (`screen/messages.ts`), and the SMS and email templates (`libs/notifications/templates`, each with a
 * `zgh` version). `npm run i18n:zgh-report` (add `--list` for the keys). A report, never a failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogueEntry, coverage } from '../apps/citizen-web/src/messages/catalogue';
import { SCREEN_MESSAGES, SCREEN_REVIEW } from '../apps/citizen-web/src/screen/messages';
import { loadTemplates, unreviewedTemplates } from '../libs/notifications/src/templates';

const MESSAGES = join(__dirname, '..', 'apps', 'citizen-web', 'src', 'messages');
export const readCatalogue = (lang: string): Record<string, CatalogueEntry> =>
  JSON.parse(readFileSync(join(MESSAGES, `${lang}.json`), 'utf8'));

export interface ZghReport {
  app: { total: number; translated: number; missing: string[]; unreviewed: string[] };
  screen: { total: number; unreviewed: string[] };
  templates: { total: number; unreviewed: string[] };
}

/** The French a Tamazight page falls back to: the app's, over the web kit's shared strings (a zgh page shows those from zgh.json too). */
export function frenchCatalogue(): Record<string, CatalogueEntry> {
  const kit = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'web-kit', 'src', 'messages', 'fr.json'), 'utf8')) as Record<
    string,
    CatalogueEntry
  >;
  return { ...kit, ...readCatalogue('fr') };
}

export function zghReport(): ZghReport {
  const fr = frenchCatalogue();
  const zgh = readCatalogue('zgh');
  const { missing, unreviewed } = coverage(fr, zgh);
  const templates = loadTemplates();
  return {
    app: { total: Object.keys(fr).length, translated: Object.keys(zgh).length, missing, unreviewed },
    screen: { total: Object.keys(SCREEN_MESSAGES.zgh).length, unreviewed: [...(SCREEN_REVIEW.zgh ?? [])] },
    templates: { total: templates.size, unreviewed: unreviewedTemplates(templates) },
  };
}

export function formatReport(r: ZghReport, list: boolean): string {
  const lines = [
    `citizen app and kiosk: ${r.app.translated} of ${r.app.total} strings in Tamazight, ${r.app.missing.length} missing (shown in French marked "(fr)"), ${r.app.unreviewed.length} awaiting review`,
    `display screen: ${r.screen.total} strings in Tamazight, ${r.screen.unreviewed.length} awaiting review`,
    `SMS and email templates: ${r.templates.total} in Tamazight, ${r.templates.unreviewed.length} awaiting review`,
  ];
  if (list) {
    lines.push(
      '',
      'missing:',
      ...r.app.missing.map((k) => `  ${k}`),
      '',
      'awaiting review:',
      ...r.app.unreviewed.map((k) => `  ${k}`),
      ...r.screen.unreviewed.map((k) => `  screen.${k}`),
      ...r.templates.unreviewed.map((k) => `  template ${k}`),
    );
  }
  return lines.join('\n');
}

if (require.main === module) process.stdout.write(`${formatReport(zghReport(), process.argv.includes('--list'))}\n`);
