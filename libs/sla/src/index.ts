export * from './working-time';
export * from './calendar.service';
