export * from './requests.module';
export * from './guide/procedure.types';
export * from './guide/procedures.service';
export * from './requests/state-machine';
export * from './requests/request.record';
export * from './requests/request-lifecycle';
export * from './requests/transitions.service';
export * from './requests/requests.repository';
