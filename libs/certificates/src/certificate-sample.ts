import { AnnexIdentity } from '@app/core';
import { CertificateView } from './certificate-html';

/**
 * A fixed certificate (the demo annex's residence certificate) for the renderer's visual test,
 * its reference image and the bench: the same view through Chromium and through the direct PDF.
 * Its Tifinagh names are samples awaiting a native speaker's review, like the catalogue's.
 */
export function sampleCertificateView(
  annex: Omit<AnnexIdentity, 'id' | 'nameZgh' | 'emblemUrl' | 'signatoryName' | 'signatoryNameAr'>,
  i = 1,
): CertificateView {
  return {
    annex: {
      id: '',
      emblemUrl: null,
      signatoryName: 'Karim Bennani',
      signatoryNameAr: 'كريم بناني',
      nameZgh: 'ⵜⴰⵎⵏⵣⴰⵢⵜ ⵜⴰⵏⵖⴰⵡⴰⵙⵜ 5',
      ...annex,
    },
    number: `BRK5-2026-C-${String(i).padStart(6, '0')}`,
    titleAr: 'شهادة السكنى',
    titleFr: 'Certificat de résidence',
    titleZgh: 'ⴰⵙⵍⴽⵉⵏ ⵏ ⵓⵣⴷⴰⵖ',
    statementAr:
      'يشهد قائد الملحقة الإدارية الخامسة أن السيد(ة) أمينة برادة، الحامل(ة) للبطاقة الوطنية رقم BK123456، يقطن بالعنوان 12 شارع القدس، حي القدس، بركان منذ 01/09/2015.',
    statementFr:
      "Le caïd de l'annexe administrative n°5 certifie que Mme Amina Berrada, titulaire de la CIN BK123456, réside au 12 rue Al Qods, Hay Al Qods, Berkane depuis le 01/09/2015.",
    holder: {
      fullName: 'Amina Berrada',
      fullNameAr: 'أمينة برادة',
      cin: 'BK123456',
      birthDate: '12/04/1990',
      address: '12 rue Al Qods, Hay Al Qods',
      addressAr: '12 rue Al Qods، حي القدس',
    },
    issueDate: '25/11/2026',
    validUntil: '23/02/2027',
    agentName: 'Youssef El Idrissi',
    agentNameAr: 'يوسف الإدريسي',
    qrText:
      'http://localhost:3000/verify/BRK5-2026-C-000001#eyJhbGciOiJFZERTQSIsImtpZCI6IjAxMjM0NTY3ODlhYmNkZWYifQ.eyJuIjoiQlJLNS0yMDI2LUMtMDAwMDAxIiwicCI6IlJFU0lERU5DRSIsImgiOiJCSyoqKio1NiIsImQiOiIyMDI2LTExLTI1IiwidiI6IjIwMjctMDItMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbg',
    verifyUrl: 'http://localhost:3000/verify/BRK5-2026-C-000001',
  };
}
