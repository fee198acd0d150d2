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
/** French on the left, Arabic on the right, side by side. */
export interface ReceiptRow {
  fr: ReceiptLine[];
  ar: ReceiptLine[];
}

/**
 * The récépissé's words, once: the direct PDF (receipt-pdf.ts) draws them and the HTML reference
 * (receipt-html.ts, what the bench compares it with) prints them, so both say the same thing.
 */
export interface ReceiptText {
  header: { fr: string[]; zgh: string[]; ar: string[] };
  title: { fr: string; ar: string };
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

export function receiptText(r: ReceiptDto, zone: string): ReceiptText {
  const at = (iso: string, fmt: string) => DateTime.fromISO(iso, { zone }).toFormat(fmt);
  const filed = at(r.issuedAt, 'dd/MM/yyyy HH:mm');
  const [day, hour] = [at(r.legalDeadline, 'dd/MM/yyyy'), at(r.legalDeadline, 'HH:mm')];
  const days = r.maxDelayWorkingDays;
  const byAdministration = (d: ReceiptDto['documents'][number], words: string) => (d.providedBy === 'administration' ? words : '');
  return {
    header: { fr: [...HEADING_FR, r.annex.nameFr, r.annex.address], zgh: HEADING_ZGH, ar: [...HEADING_AR, r.annex.nameAr] },
    title: { fr: 'Récépissé de dépôt', ar: 'وصل الإيداع' },
    number: `N° ${r.number} — ${r.trackingCode}`,
    filedFor: r.filedFor && {
      fr: [line('Pour : ', b(r.filedFor.beneficiary.name), ` — déposée par ${r.filedFor.filer.name}`)],
      ar: [line('لفائدة: ', b(r.filedFor.beneficiary.nameAr), ` — قدّمه ${r.filedFor.filer.nameAr}`)],
    },
    body: [
      {
        fr: [
          line(b(r.procedure.name.fr)),
          line(`Déposée le ${filed}`),
          line('Pièces déposées :'),
          ...r.filed.map((f) => item(`${f.label.fr} : ${f.value}`)),
          line('Documents :'),
          ...r.documents.map((d) => item(`${d.name.fr}${byAdministration(d, " — obtenu par l'administration")}`)),
          line(`Frais : ${r.feeMad} MAD`),
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
      fr: [
        line(b(`Délai légal de réponse : le ${day} à ${hour}${days ? ` (${days} jours ouvrables, loi 55-19)` : ''}`)),
        ...(r.silenceMeansAcceptance ? [line(b('Sans réponse à cette date, la demande est réputée acceptée.'))] : []),
      ],
      ar: [
        line(b(`الأجل القانوني للرد: ${day} على الساعة ${hour}${days ? ` (${days} أيام عمل، القانون 55.19)` : ''}`)),
        ...(r.silenceMeansAcceptance ? [line(b('في حالة عدم الرد في هذا الأجل، يعتبر الطلب مقبولا.'))] : []),
      ],
    },
    appeal: r.appealRoute ? { fr: [line(`Recours : ${r.appealRoute.fr}`)], ar: [line(`الطعن: ${r.appealRoute.ar}`)] } : undefined,
    track: { fr: [line(`Suivi : ${r.trackUrl}`)], ar: [line(`التتبع: ${r.trackUrl}`)] },
    trackUrl: r.trackUrl,
  };
}
