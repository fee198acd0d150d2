export * from './reception.module';
