import { DateTime } from 'luxon';
import { HEADING_AR, HEADING_FR, HEADING_ZGH } from '../certificate-html';
import { ReceiptDto } from './receipt.dto';

/** A piece of a line; bold pieces are the template's `<b>`. */
export interface Piece {
  text: string;
  bold?: boolean;
}
/** One line of a column: its pieces, indented as a list item when `item`. */
export interface ReceiptLine {
  pieces: Piece[];
  item?: boolean;
}
/** French (or English) on the left, Arabic on the right, side by side. */
export interface ReceiptRow {
  latin: ReceiptLine[];
  ar: ReceiptLine[];
}

/**
 * The récépissé's words, once: the direct PDF (receipt-pdf.ts) draws them and the HTML reference
 * (receipt-html.ts, what the bench compares it with) prints them, so both say the same thing.
 */
export interface ReceiptText {
  header: { latin: string[]; zgh: string[]; ar: string[] };
  title: { latin: string; ar: string };
  number: string;
  filedFor?: ReceiptRow;
  body: ReceiptRow[];
  deadline: ReceiptRow;
  appeal?: ReceiptRow;
  track: ReceiptRow;
  trackUrl: string;
}

const line = (...pieces: (Piece | string)[]): ReceiptLine => ({ pieces: pieces.map((p) => (typeof p === 'string' ? { text: p } : p)) });
const b = (text: string): Piece => ({ text, bold: true });
const item = (text: string): ReceiptLine => ({ pieces: [{ text }], item: true });

/** The languages the left column can be in (the right one is always Arabic). */
export const RECEIPT_LANGUAGES = ['fr', 'en'] as const;
export type ReceiptLanguage = (typeof RECEIPT_LANGUAGES)[number];

/** The left column's words, per language. */
const LATIN = {
  fr: {
    heading: HEADING_FR,
    title: 'Récépissé de dépôt',
    sep: ' : ',
    forWhom: ['Pour : ', ' — déposée par '],
    filedOn: 'Déposée le',
    filed: 'Pièces déposées :',
    documents: 'Documents :',
    byAdministration: " — obtenu par l'administration",
    fee: (mad: number) => `Frais : ${mad} MAD`,
    deadline: (day: string, hour: string, days: number | null) =>
      `Délai légal de réponse : le ${day} à ${hour}${days ? ` (${days} jours ouvrables, loi 55-19)` : ''}`,
    silence: 'Sans réponse à cette date, la demande est réputée acceptée.',
    appeal: 'Recours : ',
    track: 'Suivi : ',
  },
  en: {
    heading: ['Kingdom of Morocco', 'Ministry of the Interior'],
    title: 'Filing receipt',
    sep: ': ',
    forWhom: ['For: ', ' — filed by '],
    filedOn: 'Filed on',
    filed: 'What was filed:',
    documents: 'Documents:',
    byAdministration: ' — obtained by the administration',
    fee: (mad: number) => `Fee: ${mad} MAD`,
    deadline: (day: string, hour: string, days: number | null) =>
      `Legal deadline for the answer: ${day} at ${hour}${days ? ` (${days} working days, law 55-19)` : ''}`,
    silence: 'Without an answer by this date, the request is deemed accepted.',
    appeal: 'Appeal: ',
    track: 'Track: ',
  },
} satisfies Record<ReceiptLanguage, unknown>;

export function receiptText(r: ReceiptDto, zone: string, lang: ReceiptLanguage = 'fr'): ReceiptText {
  const at = (iso: string, fmt: string) => DateTime.fromISO(iso, { zone }).toFormat(fmt);
  const filed = at(r.issuedAt, 'dd/MM/yyyy HH:mm');
  const [day, hour] = [at(r.legalDeadline, 'dd/MM/yyyy'), at(r.legalDeadline, 'HH:mm')];
  const days = r.maxDelayWorkingDays;
  const byAdministration = (d: ReceiptDto['documents'][number], words: string) => (d.providedBy === 'administration' ? words : '');
  const w = LATIN[lang];
  return {
    header: { latin: [...w.heading, r.annex.nameFr, r.annex.address], zgh: HEADING_ZGH, ar: [...HEADING_AR, r.annex.nameAr] },
    title: { latin: w.title, ar: 'وصل الإيداع' },
    number: `N° ${r.number} — ${r.trackingCode}`,
    filedFor: r.filedFor && {
      latin: [line(w.forWhom[0], b(r.filedFor.beneficiary.name), `${w.forWhom[1]}${r.filedFor.filer.name}`)],
      ar: [line('لفائدة: ', b(r.filedFor.beneficiary.nameAr), ` — قدّمه ${r.filedFor.filer.nameAr}`)],
    },
    body: [
      {
        latin: [
          line(b(r.procedure.name[lang])),
          line(`${w.filedOn} ${filed}`),
          line(w.filed),
          ...r.filed.map((f) => item(`${f.label[lang]}${w.sep}${f.value}`)),
          line(w.documents),
          ...r.documents.map((d) => item(`${d.name[lang]}${byAdministration(d, w.byAdministration)}`)),
          line(w.fee(r.feeMad)),
        ],
        ar: [
          line(b(r.procedure.name.ar)),
          line(`تاريخ الإيداع: ${filed}`),
          line('المعطيات المودعة:'),
          ...r.filed.map((f) => item(`${f.label.ar}: ${f.value}`)),
          line('الوثائق:'),
          ...r.documents.map((d) => item(`${d.name.ar}${byAdministration(d, ' — تحصل عليها الإدارة')}`)),
          line(`الرسوم: ${r.feeMad} درهم`),
        ],
      },
    ],
    deadline: {
      latin: [line(b(w.deadline(day, hour, days))), ...(r.silenceMeansAcceptance ? [line(b(w.silence))] : [])],
      ar: [
        line(b(`الأجل القانوني للرد: ${day} على الساعة ${hour}${days ? ` (${days} أيام عمل، القانون 55.19)` : ''}`)),
        ...(r.silenceMeansAcceptance ? [line(b('في حالة عدم الرد في هذا الأجل، يعتبر الطلب مقبولا.'))] : []),
      ],
    },
    appeal: r.appealRoute ? { latin: [line(`${w.appeal}${r.appealRoute[lang]}`)], ar: [line(`الطعن: ${r.appealRoute.ar}`)] } : undefined,
    track: { latin: [line(`${w.track}${r.trackUrl}`)], ar: [line(`التتبع: ${r.trackUrl}`)] },
    trackUrl: r.trackUrl,
  };
}
