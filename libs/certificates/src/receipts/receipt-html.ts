import { DateTime } from 'luxon';
import { ReceiptDto } from './receipt.dto';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The printed récépissé (A5-ish on A4), bilingual: French on the left, Arabic on the right. */
export function receiptHtml(r: ReceiptDto, zone: string): string {
  const at = (iso: string, fmt: string) => DateTime.fromISO(iso, { zone }).toFormat(fmt);
  const filedFr = r.filed.map((f) => `<li>${esc(f.label.fr)} : ${esc(f.value)}</li>`).join('');
  const filedAr = r.filed.map((f) => `<li>${esc(f.label.ar)}: ${esc(f.value)}</li>`).join('');
  const docsFr = r.documents
    .map((d) => `<li>${esc(d.name.fr)}${d.providedBy === 'administration' ? " — obtenu par l'administration" : ''}</li>`)
    .join('');
  const docsAr = r.documents
    .map((d) => `<li>${esc(d.name.ar)}${d.providedBy === 'administration' ? ' — تحصل عليها الإدارة' : ''}</li>`)
    .join('');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${esc(r.number)}</title>
<style>
  @page { size: A4; margin: 14mm; }
  body { font-family: 'Noto Serif', 'DejaVu Serif', serif; color: #111; font-size: 11pt; margin: 0; }
  .ar { font-family: 'Amiri', 'Noto Naskh Arabic', serif; direction: rtl; text-align: right; font-size: 13pt; line-height: 1.7; }
  .fr { direction: ltr; text-align: left; line-height: 1.5; }
  .two { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; }
  header { border-bottom: 2px solid #c1272d; padding-bottom: 3mm; }
  h1 { margin: 6mm 0 2mm; font-size: 16pt; }
  .number { text-align: center; font-family: monospace; font-size: 12pt; margin: 2mm 0 5mm; }
  .deadline { border: 1px solid #333; padding: 3mm; margin: 4mm 0; font-weight: bold; }
  ul { padding-inline-start: 5mm; margin: 1mm 0; }
</style></head>
<body>
<header class="two"><div class="fr">${esc(r.annex.nameFr)}<br>${esc(r.annex.address)}</div><div class="ar">${esc(r.annex.nameAr)}</div></header>
<h1 class="two"><span class="fr">Récépissé de dépôt</span><span class="ar">وصل الإيداع</span></h1>
<div class="number">N° ${esc(r.number)} — ${esc(r.trackingCode)}</div>
${r.filedFor ? `<section class="two"><div class="fr">Pour : <b>${esc(r.filedFor.beneficiary.name)}</b> — déposée par ${esc(r.filedFor.filer.name)}</div><div class="ar">لفائدة: <b>${esc(r.filedFor.beneficiary.nameAr)}</b> — قدّمه ${esc(r.filedFor.filer.nameAr)}</div></section>` : ''}
<section class="two">
  <div class="fr"><b>${esc(r.procedure.name.fr)}</b><br>Déposée le ${at(r.issuedAt, 'dd/MM/yyyy HH:mm')}<br>Pièces déposées :<ul>${filedFr}</ul>Documents :<ul>${docsFr}</ul>Frais : ${r.feeMad} MAD</div>
  <div class="ar"><b>${esc(r.procedure.name.ar)}</b><br>تاريخ الإيداع: ${at(r.issuedAt, 'dd/MM/yyyy HH:mm')}<br>المعطيات المودعة:<ul>${filedAr}</ul>الوثائق:<ul>${docsAr}</ul>الرسوم: ${r.feeMad} درهم</div>
</section>
<section class="two deadline">
  <div class="fr">Délai légal de réponse : le ${at(r.legalDeadline, 'dd/MM/yyyy')} à ${at(r.legalDeadline, 'HH:mm')}${r.maxDelayWorkingDays ? ` (${r.maxDelayWorkingDays} jours ouvrables, loi 55-19)` : ''}${r.silenceMeansAcceptance ? '<br>Sans réponse à cette date, la demande est réputée acceptée.' : ''}</div>
  <div class="ar">الأجل القانوني للرد: ${at(r.legalDeadline, 'dd/MM/yyyy')} على الساعة ${at(r.legalDeadline, 'HH:mm')}${r.maxDelayWorkingDays ? ` (${r.maxDelayWorkingDays} أيام عمل، القانون 55.19)` : ''}${r.silenceMeansAcceptance ? '<br>في حالة عدم الرد في هذا الأجل، يعتبر الطلب مقبولا.' : ''}</div>
</section>
${r.appealRoute ? `<section class="two"><div class="fr">Recours : ${esc(r.appealRoute.fr)}</div><div class="ar">الطعن: ${esc(r.appealRoute.ar)}</div></section>` : ''}
<section class="two"><div class="fr">Suivi : ${esc(r.trackUrl)}</div><div class="ar">التتبع: <span dir="ltr">${esc(r.trackUrl)}</span></div></section>
</body></html>`;
}
