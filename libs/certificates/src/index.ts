export * from './certificates.module';
export * from './certificates.service';
export * from './signer';
export * from './pdf-renderer';
export * from './certificate-html';
export * from './certificate-sample';
export { certificatePdf } from './pdf/certificate-pdf';
