/**
 * Renders a demo certificate (the demo citizen's residence certificate) to docs/certificate-demo.pdf
 * and .png, exactly as the worker does, to look at the Arabic shaping and the layout.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { AnnexIdentity } from '@app/core';
import { certificatePdf, CertificateView, fillTemplate } from '@app/certificates';
import { CATALOGUE } from '../libs/core/src/database/migrations/1764002000100-GuideCatalogue';
import { DEMO_ANNEX } from './seed-demo';

async function main(): Promise<void> {
  const residence = CATALOGUE.find((p) => p.code === 'RESIDENCE')!;
  const values = {
    fullName: 'Amina Berrada',
    fullNameAr: 'أمينة برادة',
    cin: 'BK123456',
    birthDate: '12/04/1990',
    annexName: 'Annexe administrative n°5',
    annexNameAr: 'الملحقة الإدارية الخامسة',
    issueDate: '25/11/2026',
    'form.addressLine': '12 rue Al Qods, Hay Al Qods, Berkane',
    'form.residenceSince': '01/09/2015',
  };
  const verifyUrl = 'http://localhost:3000/verify/BRK5-2026-C-000001?s=demo';
  const annex: AnnexIdentity = { id: '', nameZgh: null, emblemUrl: null, signatoryName: '', signatoryNameAr: '', ...DEMO_ANNEX };
  const view: CertificateView = {
    annex,
    number: 'BRK5-2026-C-000001',
    titleAr: residence.name.ar,
    titleFr: residence.name.fr,
    statementAr: fillTemplate(residence.certificateTemplate!.ar, values),
    statementFr: fillTemplate(residence.certificateTemplate!.fr, values),
    holder: {
      fullName: values.fullName,
      fullNameAr: values.fullNameAr,
      cin: values.cin,
      birthDate: values.birthDate,
      address: values['form.addressLine'],
    },
    issueDate: values.issueDate,
    validUntil: '23/02/2027',
    agentName: 'Youssef El Idrissi',
    agentNameAr: 'يوسف الإدريسي',
    qrText: verifyUrl,
    verifyUrl,
  };
  const pdf = await certificatePdf(view);
  writeFileSync('docs/certificate-demo.pdf', pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', 'docs/certificate-demo.pdf', 'docs/certificate-demo']);
  process.stdout.write('wrote docs/certificate-demo.pdf and docs/certificate-demo.png\n');
}

void main();
