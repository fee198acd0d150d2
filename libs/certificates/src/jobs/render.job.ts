import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { CertificateRenderPayload, OutboxReconciler, outboxPayload, QueueFactory, QUEUES } from '@app/core';
import { CertificatesService } from '../certificates.service';

/** Job data of the `certificate.render` outbox topic. */
export type RenderJobData = CertificateRenderPayload;

/** Worker side: draws certificate PDFs (pdf/certificate-pdf.ts). */
@Injectable()
export class RenderCertificateJob implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueFactory,
    private readonly certificates: CertificatesService,
    private readonly reconciler: OutboxReconciler,
  ) {}

  onModuleInit(): void {
    this.reconciler.register({ name: 'certificates', queue: QUEUES.certificates, find: (g, w) => this.certificates.pendingRenders(g, w) });
  }

  onApplicationBootstrap(): void {
    this.queues.worker(
      QUEUES.certificates,
      (job: Job<RenderJobData>) => this.certificates.render(outboxPayload('certificate.render', job.data).certificateId),
      { concurrency: 2 },
    );
  }
}
