export * from './notifications.module';
export * from './notifications.service';
export * from './providers/provider';
export * from './sms-segments';
export * from './templates';
export * from './jobs/notify.job';
