import { Global, Module } from '@nestjs/common';
import { ApiKeyAuthenticator } from '@app/core';
import { RequestsModule } from '@app/requests';
import { DossierUpdatesController } from './dossiers/dossier-updates.controller';
import { DossierUpdatesService } from './dossiers/dossier-updates.service';
import { DocumentRequestsController } from './documents/document-requests.controller';
import { DocumentRequestsService } from './documents/document-requests.service';
import { PartnerAuthenticator } from './partners/partner-authenticator';
import { PartnerCallAudit } from './partners/partner-call-audit';
import { PartnersController } from './partners/partners.controller';
import { PartnersService } from './partners/partners.service';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookJob } from './webhooks/webhook.job';
import { WebhookResolver } from './webhooks/webhook-url';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/**
 * Partner systems (API keys, call audit), outbound webhooks and inbound dossier updates.
 * Global so that core's ApiKeyStrategy receives the ApiKeyAuthenticator provided here.
 */
@Global()
@Module({
  imports: [RequestsModule],
  controllers: [PartnersController, WebhooksController, DossierUpdatesController, DocumentRequestsController],
  providers: [
    PartnersService,
    WebhooksService,
    WebhookDispatcher,
    WebhookResolver,
    DossierUpdatesService,
    DocumentRequestsService,
    PartnerCallAudit,
    { provide: ApiKeyAuthenticator, useClass: PartnerAuthenticator },
  ],
  exports: [ApiKeyAuthenticator, WebhookDispatcher, WebhookResolver],
})
export class InteropModule {}

/**
 * The worker's side: fans `event` messages out to subscriptions and delivers them. It registers
 * the document-requests side effect too, so a state change has the same effects in either process.
 */
@Module({
  imports: [RequestsModule],
  providers: [WebhookDispatcher, WebhookJob, WebhookResolver, DocumentRequestsService],
  exports: [WebhookDispatcher, WebhookResolver],
})
export class InteropWorkerModule {}
