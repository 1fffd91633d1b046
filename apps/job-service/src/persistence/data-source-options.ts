import type { DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations';
import { TenantEntity } from './tenant.entity';

export const ENTITIES = [TenantEntity, ApiKeyEntity];

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    // Fail fast when Postgres is unreachable or stuck: the API answers 503 instead of hanging.
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      query_timeout: 15_000,
      statement_timeout: 15_000,
    },
  };
}
