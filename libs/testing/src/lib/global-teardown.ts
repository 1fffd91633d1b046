import { teardownTestInfrastructure } from './test-infrastructure';

export default async function globalTeardown(): Promise<void> {
  await teardownTestInfrastructure();
}
