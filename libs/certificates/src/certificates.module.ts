import { Module } from '@nestjs/common';
import { RequestsModule } from '@app/requests';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { RenderCertificateJob } from './jobs/render.job';
import { ReceiptsController } from './receipts/receipts.controller';
import { ReceiptsService } from './receipts/receipts.service';
import { CertificateSigner } from './signer';

@Module({
  imports: [RequestsModule],
  controllers: [CertificatesController, ReceiptsController],
  providers: [CertificatesService, CertificateSigner, ReceiptsService],
})
export class CertificatesModule {}

@Module({
  imports: [RequestsModule],
  providers: [CertificatesService, CertificateSigner, RenderCertificateJob],
  exports: [CertificatesService],
})
export class CertificatesWorkerModule {}
