import { CertificateView, HEADING_AR, HEADING_FR, HEADING_ZGH, requestedByAr, requestedByFr } from '../certificate-html';
import { AR, FR, Layout, PAGE, RED, Style, WIDTH, ZGH } from './layout';
import { hex, MM, PageWriter } from './page-writer';
import { shaper, Span } from './text';

/**
 * The certificate drawn straight into a PDF: the layout of certificate-html.ts (same boxes, fonts,
 * sizes and line heights, computed as its CSS does), without a browser. A few milliseconds of CPU
 * where Chromium took half a second. The certificate as PDF bytes, with the fonts under `fontsDir`
 * (config FONTS_DIR).
 */
export async function certificatePdf(v: CertificateView, fontsDir = '/usr/share/fonts'): Promise<Buffer> {
  const s = await shaper(fontsDir);
  const w = await PageWriter.create(s, v.number);
  const L = new Layout(s, w);
  const a = v.annex;
  const two = (WIDTH - 8 * MM) / 2;
  let y = PAGE.top;

  // Header: French | Tifinagh | Arabic, a red rule under it.
  const third = (WIDTH - 12 * MM) / 3;
  const header = [
    L.lay([...HEADING_FR, a.province, a.pachalik, a.nameFr], FR(10.5, 1.45), third),
    L.lay([...HEADING_ZGH, a.nameZgh], ZGH(10.5, 1.45), third),
    L.lay([...HEADING_AR, a.provinceAr, a.pachalikAr, a.nameAr], AR(13, 1.45), third),
  ];
  for (const [i, col] of header.entries()) L.draw(col, PAGE.left + i * (third + 6 * MM), third, y);
  y += Math.max(...header.map((c) => c.height)) + 4 * MM;
  w.rect(PAGE.left, y, WIDTH, 1.5, RED);
  y += 1.5 + 8 * MM;

  // Title, French and Arabic side by side, then in Tifinagh; the number.
  const titleFr = L.lay([[{ text: v.titleFr, bold: true }]], FR(17), two);
  const titleAr = L.lay([[{ text: v.titleAr, bold: true }]], AR(14), two);
  L.draw(titleFr, PAGE.left, two, y);
  L.draw(titleAr, PAGE.right - two, two, y);
  y += Math.max(titleFr.height, titleAr.height) + 2 * MM;
  if (v.titleZgh) y = L.draw(L.lay([v.titleZgh], ZGH(13), WIDTH), PAGE.left, WIDTH, y) + 2 * MM;
  const number: Style = { family: 'mono', size: 11, lh: L.normal('mono'), align: 'center' };
  y = L.draw(L.lay([`N° ${v.number}`], number, WIDTH), PAGE.left, WIDTH, y) + 6 * MM;

  // The holder, in a box.
  const pad = { x: 4 * MM, y: 3 * MM };
  const inner = (WIDTH - 2 * pad.x - 1.5 - 8 * MM) / 2;
  const bold = (label: string, value: string): Span[] => [{ text: label }, { text: value, bold: true }];
  const h = v.holder;
  // A minor child has no CIN: their birth record is named instead (the HTML design says the same).
  const idFr = L.lay(
    [
      bold('Nom : ', h.fullName),
      `${h.birthRecord ? 'Acte de naissance n°' : 'CIN'} : ${h.cin}`,
      `Né(e) le : ${h.birthDate}`,
      `Adresse : ${h.address}`,
      // Filed by a parent or a proxy: named with their capacity, as the law asks of such a paper.
      ...(v.requestedBy ? [requestedByFr(v.requestedBy)] : []),
    ],
    FR(11),
    inner,
  );
  const idAr = L.lay(
    [
      bold('الاسم: ', h.fullNameAr),
      `${h.birthRecord ? 'رقم رسم الولادة' : 'رقم البطاقة الوطنية'}: ${h.cin}`,
      `تاريخ الازدياد: ${h.birthDate}`,
      `العنوان: ${h.addressAr ?? h.address}`,
      ...(v.requestedBy ? [requestedByAr(v.requestedBy)] : []),
    ],
    AR(14),
    inner,
  );
  const boxH = Math.max(idFr.height, idAr.height) + 2 * pad.y + 1.5;
  w.stroke(PAGE.left + 0.375, y + 0.375, WIDTH - 0.75, boxH - 0.75, 0.75, hex('#bbbbbb'));
  L.draw(idFr, PAGE.left + 0.75 + pad.x, inner, y + 0.75 + pad.y);
  L.draw(idAr, PAGE.right - 0.75 - pad.x - inner, inner, y + 0.75 + pad.y);
  y += boxH + 6 * MM;

  // The statement (paragraph margins of 1em, at least 60 mm high).
  const stFr = L.lay([v.statementFr], FR(12), two);
  const stAr = L.lay([v.statementAr], AR(14), two);
  L.draw(stFr, PAGE.left, two, y + 12);
  L.draw(stAr, PAGE.right - two, two, y + 14);
  y += Math.max(60 * MM, stFr.height + 24, stAr.height + 28) + 10 * MM;

  // Footer: place and dates, the QR code, the signatory; aligned on their bottoms.
  const side = (WIDTH - 42 * MM - 12 * MM) / 2;
  const fFr = L.lay(
    [`Fait à ${a.cityFr}, le ${v.issueDate}`, `Valable jusqu'au ${v.validUntil}`, `Traité par : ${v.agentName}`],
    FR(10.5),
    side,
  );
  const sFr = L.lay([a.signatoryTitleFr, a.signatoryName], FR(10.5), side);
  const fAr = L.lay([`حرر ب${a.cityAr} في ${v.issueDate}`, `صالحة إلى غاية ${v.validUntil}`, `عالجه: ${v.agentNameAr}`], AR(14), side);
  const sAr = L.lay([a.signatoryTitleAr, a.signatoryNameAr], AR(14), side);
  const url = L.lay([v.verifyUrl], { family: 'fr', size: 7, lh: L.normal('fr'), align: 'center', breakAll: true }, 42 * MM);
  // The SVG sits on a text line: the line's descent below it, then the 1 mm margin.
  const qrH = 40 * MM + 10.5 * s.fonts.serif.descent * 1.2 + 1 * MM + url.height;
  const stamp = 0.75 + 2 * MM;
  const heights = [fFr.height + stamp + sFr.height, qrH, fAr.height + stamp + sAr.height];
  const bottom = y + Math.max(...heights);
  const cols = [PAGE.left, PAGE.left + side + 6 * MM, PAGE.right - side];
  for (const [i, [first, second]] of [
    [fFr, sFr],
    [fAr, sAr],
  ].entries()) {
    const x = i ? cols[2] : cols[0];
    const top = bottom - heights[i * 2];
    const under = L.draw(first, x, side, top);
    w.dashed(x, x + side, under + 0.375, 0.75, hex('#777777'));
    L.draw(second, x, side, under + stamp);
  }
  const qrTop = bottom - qrH;
  w.qr(v.qrText, cols[1], qrTop, 40 * MM);
  L.draw(url, cols[1], 42 * MM, bottom - url.height);
  return w.save();
}
