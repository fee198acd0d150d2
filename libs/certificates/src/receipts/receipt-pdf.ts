import { AR, FR, Laid, Layout, PAGE, RED, Style, WIDTH, ZGH } from '../pdf/layout';
import { hex, MM, PageWriter } from '../pdf/page-writer';
import { shaper } from '../pdf/text';
import { ReceiptDto } from './receipt.dto';
import { ReceiptLanguage, ReceiptLine, ReceiptRow, receiptText } from './receipt-text';

const TWO = (WIDTH - 8 * MM) / 2;
const INDENT = 5 * MM;
const BULLET = '• ';
const QR = 30 * MM;

/**
 * The récépissé drawn straight into a PDF with the certificate's layout code (pdf/layout.ts):
 * French (or English, `lang`) on the left, Arabic (shaped, right to left) on the right, the kingdom's heading also in
 * Tifinagh, a QR code of the tracking page. Rows that do not fit go on a next page.
 */
export async function receiptPdf(
  r: ReceiptDto,
  zone: string,
  fontsDir = '/usr/share/fonts',
  lang: ReceiptLanguage = 'fr',
): Promise<Buffer> {
  const s = await shaper(fontsDir);
  const w = await PageWriter.create(s, r.number);
  const L = new Layout(s, w);
  const t = receiptText(r, zone, lang);
  let y = PAGE.top;
  const room = (h: number) => {
    if (y + h > PAGE.bottom && y > PAGE.top) {
      w.newPage();
      y = PAGE.top;
    }
  };

  const third = (WIDTH - 12 * MM) / 3;
  const header = [
    L.lay(t.header.latin, FR(10.5, 1.45), third),
    L.lay(t.header.zgh, ZGH(10.5, 1.45), third),
    L.lay(t.header.ar, AR(13, 1.45), third),
  ];
  for (const [i, col] of header.entries()) L.draw(col, PAGE.left + i * (third + 6 * MM), third, y);
  y += Math.max(...header.map((c) => c.height)) + 3 * MM;
  w.rect(PAGE.left, y, WIDTH, 1.5, RED);
  y += 1.5 + 6 * MM;

  const titleFr = L.lay([[{ text: t.title.latin, bold: true }]], FR(16, 1.2), TWO);
  const titleAr = L.lay([[{ text: t.title.ar, bold: true }]], AR(16, 1.4), TWO);
  L.draw(titleFr, PAGE.left, TWO, y);
  L.draw(titleAr, PAGE.right - TWO, TWO, y);
  y += Math.max(titleFr.height, titleAr.height) + 2 * MM;
  const number: Style = { family: 'mono', size: 12, lh: L.normal('mono'), align: 'center' };
  y = L.draw(L.lay([t.number], number, WIDTH), PAGE.left, WIDTH, y) + 5 * MM;

  /** One French line and its Arabic counterpart, laid side by side; list items indented on their start side. */
  type Pair = { fr: Laid; ar: Laid; frItem: boolean; arItem: boolean; height: number };
  const pairs = (row: ReceiptRow, width: number): Pair[] =>
    Array.from({ length: Math.max(row.latin.length, row.ar.length) }, (_, i) => {
      const lay = (l: ReceiptLine | undefined, style: Style): Laid =>
        L.lay(l ? [l.item ? [{ text: BULLET }, ...l.pieces] : l.pieces] : [], style, l?.item ? width - INDENT : width);
      const [fr, ar] = [lay(row.latin[i], FR(11)), lay(row.ar[i], AR(13))];
      return { fr, ar, frItem: !!row.latin[i]?.item, arItem: !!row.ar[i]?.item, height: Math.max(fr.height, ar.height) };
    });
  const draw = (p: Pair, left: number, width: number, top: number) => {
    L.draw(p.fr, left + (p.frItem ? INDENT : 0), width - (p.frItem ? INDENT : 0), top);
    L.draw(p.ar, left + width + 8 * MM, width - (p.arItem ? INDENT : 0), top);
    return top + p.height;
  };
  /** A row line by line, each pair moved to a new page when it does not fit. */
  const flow = (row: ReceiptRow) => {
    for (const p of pairs(row, TWO)) {
      room(p.height);
      y = draw(p, PAGE.left, TWO, y);
    }
    y += 3 * MM;
  };

  if (t.filedFor) flow(t.filedFor);
  for (const row of t.body) flow(row);

  // The legal deadline, in a box, never split.
  const pad = 3 * MM;
  const inner = (WIDTH - 2 * pad - 8 * MM) / 2;
  const deadline = pairs(t.deadline, inner);
  const boxH = deadline.reduce((h, p) => h + p.height, 0) + 2 * pad;
  y += 1 * MM;
  room(boxH);
  w.stroke(PAGE.left, y, WIDTH, boxH, 0.75, hex('#333333'));
  deadline.reduce((top, p) => draw(p, PAGE.left + pad, inner, top), y + pad);
  y += boxH + 4 * MM;

  if (t.appeal) flow(t.appeal);
  flow(t.track);
  room(QR);
  w.qr(t.trackUrl, PAGE.left + (WIDTH - QR) / 2, y, QR);
  return w.save();
}
