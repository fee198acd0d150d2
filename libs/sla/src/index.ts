export * from './sla.module';
export * from './sla-clock';
export * from './sla-timers';
export * from './timing';
export * from './jobs/sla.job';
