import { ReceiptDto } from './receipt.dto';
import { ReceiptLine, ReceiptRow, receiptText } from './receipt-text';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const html = (l: ReceiptLine) => {
  const t = l.pieces.map((p) => (p.bold ? `<b>${esc(p.text)}</b>` : esc(p.text))).join('');
  return l.item ? `<li>${t}</li>` : `<div>${t}</div>`;
};
const lines = (ls: ReceiptLine[]) =>
  ls
    .map(html)
    .join('')
    .replace(/((?:<li>.*?<\/li>)+)/g, '<ul>$1</ul>');
const row = (r: ReceiptRow | undefined, cls = '') =>
  r ? `<section class="two ${cls}"><div class="fr">${lines(r.latin)}</div><div class="ar">${lines(r.ar)}</div></section>` : '';

/**
 * The récépissé as HTML for Chromium, the renderer before the direct PDF (receipt-pdf.ts): the
 * bench's "before". Not served: the API draws receipts without a browser.
 */
export function receiptHtml(r: ReceiptDto, zone: string): string {
  const t = receiptText(r, zone);
  const col = (ls: string[]) => ls.map(esc).join('<br>');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${esc(r.number)}</title>
<style>
  @page { size: A4; margin: 14mm; }
  body { font-family: 'Noto Serif', 'DejaVu Serif', serif; color: #111; font-size: 11pt; margin: 0; }
  .ar { font-family: 'Amiri', 'Noto Naskh Arabic', serif; direction: rtl; text-align: right; font-size: 13pt; line-height: 1.7; }
  .fr { direction: ltr; text-align: left; line-height: 1.5; }
  .zgh { font-family: 'Noto Sans Tifinagh', sans-serif; text-align: center; }
  .two { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; }
  .three { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 6mm; }
  header { border-bottom: 2px solid #c1272d; padding-bottom: 3mm; }
  h1 { margin: 6mm 0 2mm; font-size: 16pt; }
  .number { text-align: center; font-family: monospace; font-size: 12pt; margin: 2mm 0 5mm; }
  .deadline { border: 1px solid #333; padding: 3mm; margin: 4mm 0; }
  ul { padding-inline-start: 5mm; margin: 1mm 0; }
</style></head>
<body>
<header class="three"><div class="fr">${col(t.header.latin)}</div><div class="zgh">${col(t.header.zgh)}</div><div class="ar">${col(t.header.ar)}</div></header>
<h1 class="two"><span class="fr">${esc(t.title.latin)}</span><span class="ar">${esc(t.title.ar)}</span></h1>
<div class="number">${esc(t.number)}</div>
${row(t.filedFor)}${t.body.map((b) => row(b)).join('')}${row(t.deadline, 'deadline')}${row(t.appeal)}${row(t.track)}
</body></html>`;
}
