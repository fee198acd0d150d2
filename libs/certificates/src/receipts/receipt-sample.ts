import { ReceiptDto } from './receipt.dto';

const t = (fr: string, ar: string, en: string) => ({ fr, ar, en });

/**
 * A fixed récépissé (a residence certificate request at the demo annex) for the bench: the same
 * receipt through Chromium (receipt-html.ts) and through the direct PDF (receipt-pdf.ts).
 */
export function sampleReceipt(annex: { code: string; nameAr: string; nameFr: string; address: string }, i = 1): ReceiptDto {
  const n = String(i).padStart(6, '0');
  return {
    number: `${annex.code}-2026-R-${n}`,
    requestId: '00000000-0000-4000-8000-000000000001',
    trackingCode: `${annex.code}-2026-${n}`,
    issuedAt: '2026-11-25T09:30:00.000Z',
    legalDeadline: '2026-12-02T15:30:00.000Z',
    legalDeadlineDate: '2026-12-02',
    annex: { code: annex.code, nameAr: annex.nameAr, nameFr: annex.nameFr, address: annex.address },
    procedure: { code: 'RESIDENCE', version: 1, name: t('Certificat de résidence', 'شهادة السكنى', 'Certificate of residence') },
    channel: 'web',
    filed: [
      { key: 'address', label: t('Adresse', 'العنوان', 'Address'), value: '12 rue Al Qods, Hay Al Qods' },
      { key: 'since', label: t('Depuis le', 'منذ', 'Since'), value: '2015-09-01' },
    ],
    documents: [
      { code: 'CIN_COPY', name: t('Copie de la CIN', 'نسخة من البطاقة الوطنية', 'Copy of the ID card'), providedBy: 'citizen' },
      {
        code: 'BIRTH',
        name: t('Copie intégrale de l’acte de naissance', 'نسخة من رسم الولادة', 'Birth record'),
        providedBy: 'administration',
      },
    ],
    feeMad: 0,
    maxDelayWorkingDays: 5,
    silenceMeansAcceptance: true,
    appealRoute: t('Réclamation auprès du Pachalik de Berkane', 'تظلم لدى الباشوية', 'Complaint to the Pachalik'),
    trackUrl: `http://localhost:3000/track/${annex.code}-2026-${n}`,
  };
}
