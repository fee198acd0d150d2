import { AnnexIdentity } from '@app/core';

/**
 * The certificate's design (A4): Arabic on the right, French on the left, as in Morocco, with the
 * heading, the issuing authority and the title also in Tifinagh (organic law 26-16) in the middle.
 * The worker draws the same design directly (pdf/certificate-pdf.ts); this HTML, rendered by
 * Chromium, is the reference it is compared with and what the bench measures against.
 */
export interface CertificateView {
  /** The issuing annex: its names, province, pachalik, city and signatory, from its row. */
  annex: AnnexIdentity;
  number: string;
  titleAr: string;
  titleFr: string;
  /** The procedure's name in Tamazight (Tifinagh), when the guide has one. */
  titleZgh?: string;
  statementAr: string;
  statementFr: string;
  holder: {
    fullName: string;
    fullNameAr: string;
    cin: string;
    /** A minor child has no CIN: their birth record is named instead. */ birthRecord?: boolean;
    birthDate: string;
    address: string;
    /** With the neighbourhood's Arabic name. */ addressAr?: string;
  };
  /** Filed for the holder by someone else (a parent for a minor, a proxy under a mandate): named with their capacity. */
  requestedBy?: RequestedBy;
  issueDate: string;
  validUntil: string;
  agentName: string;
  /** The agent's name as recorded in Arabic (else the French one). */
  agentNameAr: string;
  /** What the QR code holds: the verification page, the signed claims in its fragment. */
  qrText: string;
  verifyUrl: string;
}

/** Who asked for the paper on the holder's behalf, and in what capacity (père/mère, mandataire). */
export interface RequestedBy {
  name: string;
  nameAr: string;
  capacityFr: string;
  capacityAr: string;
}

/** A parent's capacity follows their civil sex; a proxy is the mandataire (وكيل). */
export function requesterCapacity(kind: 'dependent' | 'mandator', sex: 'F' | 'M' | null): { capacityFr: string; capacityAr: string } {
  if (kind === 'mandator') return { capacityFr: 'mandataire', capacityAr: 'الوكيل' };
  return sex === 'F'
    ? { capacityFr: 'mère', capacityAr: 'الأم' }
    : sex === 'M'
      ? { capacityFr: 'père', capacityAr: 'الأب' }
      : { capacityFr: 'tuteur', capacityAr: 'الولي' };
}

/** The holder box's line naming the requester: "À la demande de : X (père)" / "بطلب من: X (الأب)". */
export const requestedByFr = (r: RequestedBy) => `À la demande de : ${r.name} (${r.capacityFr})`;
export const requestedByAr = (r: RequestedBy) => `بطلب من: ${r.nameAr} (${r.capacityAr})`;

/** The fixed Tifinagh heading: Kingdom of Morocco, Ministry of the Interior. */
export const HEADING_ZGH = ['ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ', 'ⵜⴰⵎⴰⵡⴰⵙⵜ ⵏ ⵓⴳⵏⵙⵓ'];
export const HEADING_FR = ['Royaume du Maroc', "Ministère de l'Intérieur"];
export const HEADING_AR = ['المملكة المغربية', 'وزارة الداخلية'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Fills {{placeholders}} (and {{form.key}}) from a flat map. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, k: string) => values[k] ?? '');
}

/** `qrSvg`: the QR code of `v.qrText` as SVG. */
export function certificateHtml(v: CertificateView, qrSvg: string): string {
  const a = v.annex;
  const lines = (...xs: (string | null | undefined)[]) =>
    xs
      .filter((x) => x && x.trim())
      .map((x) => esc(x!))
      .join('<br>');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${esc(v.number)}</title>
<style>
  @page { size: A4; }
  body { font-family: 'Noto Serif', 'DejaVu Serif', serif; color: #111; font-size: 12pt; margin: 0; }
  .ar { font-family: 'Amiri', 'Noto Naskh Arabic', serif; direction: rtl; text-align: right; font-size: 14pt; line-height: 1.7; }
  .fr { direction: ltr; text-align: left; line-height: 1.5; }
  .zgh { font-family: 'Noto Sans Tifinagh', sans-serif; direction: ltr; text-align: center; line-height: 1.5; }
  header { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 6mm; border-bottom: 2px solid #c1272d; padding-bottom: 4mm; }
  header .fr, header .ar, header .zgh { font-size: 10.5pt; line-height: 1.45; }
  .title-zgh { font-size: 13pt; margin: 0 0 2mm; }
  header .ar { font-size: 13pt; }
  h1 { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; margin: 8mm 0 2mm; font-size: 17pt; }
  .number { text-align: center; font-family: monospace; font-size: 11pt; margin-bottom: 6mm; }
  .identity { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; border: 1px solid #bbb; padding: 3mm 4mm; margin-bottom: 6mm; font-size: 11pt; }
  .statement { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; min-height: 60mm; }
  footer { display: grid; grid-template-columns: 1fr 42mm 1fr; gap: 6mm; margin-top: 10mm; align-items: end; font-size: 10.5pt; }
  .qr svg { width: 40mm; height: 40mm; }
  .qr p { font-size: 7pt; word-break: break-all; margin: 1mm 0 0; text-align: center; }
  .stamp { border-top: 1px dashed #777; padding-top: 2mm; }
</style></head>
<body>
<header>
  <div class="fr">${lines(...HEADING_FR, a.province, a.pachalik, a.nameFr)}</div>
  <div class="zgh">${lines(...HEADING_ZGH, a.nameZgh)}</div>
  <div class="ar">${lines(...HEADING_AR, a.provinceAr, a.pachalikAr, a.nameAr)}</div>
</header>
<h1><span class="fr">${esc(v.titleFr)}</span><span class="ar">${esc(v.titleAr)}</span></h1>
${v.titleZgh ? `<div class="zgh title-zgh">${esc(v.titleZgh)}</div>` : ''}
<div class="number">N° ${esc(v.number)}</div>
<section class="identity">
  <div class="fr">Nom : <b>${esc(v.holder.fullName)}</b><br>${v.holder.birthRecord ? 'Acte de naissance n°' : 'CIN'} : ${esc(v.holder.cin)}<br>Né(e) le : ${esc(v.holder.birthDate)}<br>Adresse : ${esc(v.holder.address)}${v.requestedBy ? `<br>${esc(requestedByFr(v.requestedBy))}` : ''}</div>
  <div class="ar">الاسم: <b>${esc(v.holder.fullNameAr)}</b><br>${v.holder.birthRecord ? 'رقم رسم الولادة' : 'رقم البطاقة الوطنية'}: ${esc(v.holder.cin)}<br>تاريخ الازدياد: ${esc(v.holder.birthDate)}<br>العنوان: ${esc(v.holder.addressAr ?? v.holder.address)}${v.requestedBy ? `<br>${esc(requestedByAr(v.requestedBy))}` : ''}</div>
</section>
<section class="statement">
  <p class="fr">${esc(v.statementFr)}</p>
  <p class="ar">${esc(v.statementAr)}</p>
</section>
<footer>
  <div class="fr">Fait à ${esc(a.cityFr)}, le ${esc(v.issueDate)}<br>Valable jusqu'au ${esc(v.validUntil)}<br>Traité par : ${esc(v.agentName)}<div class="stamp">${lines(a.signatoryTitleFr, a.signatoryName)}</div></div>
  <div class="qr">${qrSvg}<p>${esc(v.verifyUrl)}</p></div>
  <div class="ar">حرر ب${esc(a.cityAr)} في ${esc(v.issueDate)}<br>صالحة إلى غاية ${esc(v.validUntil)}<br>عالجه: ${esc(v.agentNameAr)}<div class="stamp">${lines(a.signatoryTitleAr, a.signatoryNameAr)}</div></div>
</footer>
</body></html>`;
}
