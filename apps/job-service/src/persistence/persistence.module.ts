import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobServiceConfig } from '../config/job-service.config';
import { ApiKeyRepository } from './api-key.repository';
import { dataSourceOptions } from './data-source-options';
import { JobEventRepository } from './job-event.repository';
import { JobRepository } from './job.repository';
import { runMigrations } from './run-migrations';
import { TenantRepository } from './tenant.repository';

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: JobServiceConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.database.migrationsRun) return;
    const applied = await runMigrations(this.db);
    this.logger.log({ msg: applied.length ? 'applied migrations' : 'schema up to date', applied });
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [JobServiceConfig],
      useFactory: (config: JobServiceConfig) => ({
        ...dataSourceOptions(config.database.url, config.database.poolSize),
        retryAttempts: 10,
        retryDelay: 2_000,
      }),
    }),
  ],
  providers: [JobRepository, JobEventRepository, TenantRepository, ApiKeyRepository, MigrateOnStart],
  exports: [JobRepository, JobEventRepository, TenantRepository, ApiKeyRepository],
})
export class PersistenceModule {}
