import { provisionTestInfrastructure } from './test-infrastructure';

/** jest globalSetup for projects whose integration tests need Postgres and Redis. */
export default async function globalSetup(config: {
  displayName?: { name?: string } | string;
}): Promise<void> {
  const name =
    typeof config.displayName === 'string' ? config.displayName : (config.displayName?.name ?? 'run');
  await provisionTestInfrastructure(name);
}
