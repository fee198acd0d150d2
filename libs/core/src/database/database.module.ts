import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { usePreparedStatements } from './prepared';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        usePreparedStatements(config.DB_PREPARED_STATEMENTS);
        return {
          ...dataSourceOptions(config.DATABASE_URL),
          // Entities come from each domain module's TypeOrmModule.forFeature.
          entities: [],
          autoLoadEntities: true,
          migrationsRun: false,
          retryAttempts: 3,
          retryDelay: 1000,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
