export * from './reception.module';
export { OPEN311_ERROR_RENDERER } from './open311/open311.format';
