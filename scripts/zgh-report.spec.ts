import { parse, TYPE, MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogueText } from '../apps/citizen-web/src/messages/catalogue';
import { SCREEN_MESSAGES } from '../apps/citizen-web/src/screen/messages';
import { formatReport, frenchCatalogue, readCatalogue, zghReport } from './zgh-report';

/** The placeholders a message uses ({field}, {n, plural, …}), which a translation must keep. */
function placeholders(ast: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of ast) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      into.add(el.value);
      Object.values(el.options).forEach((o) => placeholders(o.value, into));
    }
    if (el.type === TYPE.tag) placeholders(el.children, into);
  }
  return into;
}

const TIFINAGH = /[\u2d30-\u2d7f]/;
/** A text with no word to translate: placeholders, punctuation and acronyms only ("SMS", "{label}: {message}"). */
const languageNeutral = (v: string) => !/\p{Ll}/u.test(v.replace(/\{[^}]*\}/g, ''));

describe('Tamazight (zgh) catalogue', () => {
  it('reports the untranslated and unreviewed strings (a report: printed, never a failure)', () => {
    const r = zghReport();
    // eslint-disable-next-line no-console
    console.log(`untranslated zgh strings: ${r.app.missing.length}\n${formatReport(r, false)}`);
    expect(r.app.translated + r.app.missing.length).toBe(r.app.total);
  });

  it('every Tamazight entry is Tifinagh, parses as ICU and keeps the French placeholders', () => {
    const fr = catalogueText(frenchCatalogue());
    const zgh = catalogueText(readCatalogue('zgh'));
    const wrong = Object.entries(zgh).flatMap(([k, v]) => {
      if (!(k in fr)) return [`${k}: not a key of fr.json`];
      if (!TIFINAGH.test(v) && !languageNeutral(v)) return [`${k}: no Tifinagh letter`];
      const theirs = [...placeholders(parse(fr[k]))].sort().join(',');
      const ours = [...placeholders(parse(v))].sort().join(',');
      return ours === theirs ? [] : [`${k}: placeholders ${ours} instead of ${theirs}`];
    });
    const screen = Object.entries(SCREEN_MESSAGES.zgh).flatMap(([k, v]) => {
      const theirs = [...placeholders(parse(SCREEN_MESSAGES.fr[k as keyof typeof SCREEN_MESSAGES.fr]))].sort().join(',');
      return TIFINAGH.test(v) && [...placeholders(parse(v))].sort().join(',') === theirs ? [] : [`screen ${k}`];
    });
    expect([...wrong, ...screen]).toEqual([]);
  });
});
