import { Global, Module } from '@nestjs/common';
import { AppConfig, validateConfig } from './app-config';

/** Provides the validated AppConfig everywhere; validation happens once, at module creation. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => validateConfig(process.env) }],
  exports: [AppConfig],
})
export class AppConfigModule {}
