export * from './interop.module';
export * from './partners/api-keys';
export * from './partners/partner-principal';
export * from './webhooks/events';
export * from './webhooks/webhook-dispatcher';
export * from './webhooks/webhook.job';
export * from './webhooks/bench';
export * from './dto/dossier-update.dto';
