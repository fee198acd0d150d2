export * from './metrics.module';
export * from './metrics.repository';
export * from './metrics.service';
export * from './prometheus.service';
