import { DataSource } from 'typeorm';
import { provisionTestInfrastructure } from '../../../libs/testing/src/lib/test-infrastructure';
import { MIGRATIONS, MIGRATIONS_TABLE } from '../src/persistence/migrations';
import { runMigrations } from '../src/persistence/run-migrations';

/**
 * The run's own database, migrated once; every int-spec of the job-service shares it. (Relative imports
 * only: jest loads global setup without the workspace's path aliases.)
 */
export default async function globalSetup(): Promise<void> {
  const infra = await provisionTestInfrastructure('job_service');
  const dataSource = await new DataSource({
    type: 'postgres',
    url: infra.databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
  }).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
