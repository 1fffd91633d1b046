import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { Client } from 'pg';

// Each test run gets its own Postgres database and Redis key prefix, made by jest's globalSetup and removed
// by its globalTeardown, so runs never see each other's leftovers (nor those of a crashed earlier run).

const ADMIN_DATABASE_URL = process.env['TEST_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestInfrastructure {
  readonly databaseUrl: string;
  readonly databaseName: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
}

const ENV_KEYS = {
  databaseUrl: 'VH_TEST_DATABASE_URL',
  databaseName: 'VH_TEST_DATABASE_NAME',
  redisUrl: 'VH_TEST_REDIS_URL',
  redisPrefix: 'VH_TEST_REDIS_PREFIX',
} as const;

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the run's database and prefix and exports them to the test workers through the environment. */
export async function provisionTestInfrastructure(label: string): Promise<TestInfrastructure> {
  // When jest runs several projects, each one's globalSetup runs in the same process: they share one set.
  if (process.env[ENV_KEYS.databaseName]) return testInfrastructure();
  const suffix = uniqueSuffix();
  const databaseName = `vh_test_${label.replace(/[^a-z0-9]/gi, '_')}_${suffix}`.toLowerCase();
  await adminQuery(`CREATE DATABASE "${databaseName}"`);
  const infra: TestInfrastructure = {
    databaseUrl: withDatabase(ADMIN_DATABASE_URL, databaseName),
    databaseName,
    redisUrl: REDIS_URL,
    redisPrefix: `vh-test-${label}-${suffix}`,
  };
  for (const [key, env] of Object.entries(ENV_KEYS))
    process.env[env] = infra[key as keyof TestInfrastructure];
  return infra;
}

/** The run's infrastructure, as seen from a test file. */
export function testInfrastructure(): TestInfrastructure {
  const read = (env: string) => {
    const value = process.env[env];
    if (!value)
      throw new Error(
        `${env} is not set: this test needs the jest globalSetup that provisions Postgres and Redis`,
      );
    return value;
  };
  return {
    databaseUrl: read(ENV_KEYS.databaseUrl),
    databaseName: read(ENV_KEYS.databaseName),
    redisUrl: read(ENV_KEYS.redisUrl),
    redisPrefix: read(ENV_KEYS.redisPrefix),
  };
}

/**
 * A database of its own for one test file (a suite that runs services on shared tables would see the
 * other files' jobs). Named after the run's database, so the run's teardown drops it even if the file
 * did not.
 */
export async function createScratchDatabase(
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${testInfrastructure().databaseName}_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 8)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(ADMIN_DATABASE_URL, name),
    drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function adminQuery(
  sql: string,
  parameters: unknown[] = [],
): Promise<{ rows: Record<string, unknown>[] }> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    return await admin.query(sql, parameters);
  } finally {
    await admin.end();
  }
}

/** Drops the run's databases (its own and its files' scratch ones) and deletes every Redis key under its prefix. */
export async function teardownTestInfrastructure(): Promise<void> {
  const databaseName = process.env[ENV_KEYS.databaseName];
  const prefix = process.env[ENV_KEYS.redisPrefix];
  if (databaseName) {
    const { rows } = await adminQuery(
      'SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2',
      [databaseName, `${databaseName}\\_%`],
    );
    for (const row of rows)
      await adminQuery(`DROP DATABASE IF EXISTS "${String(row['datname'])}" WITH (FORCE)`);
  }
  if (prefix) await deleteRedisKeys(process.env[ENV_KEYS.redisUrl] ?? REDIS_URL, `${prefix}*`);
}

export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 2 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** A prefix unique to one test inside the run's prefix (cleaned up with it). */
export function uniqueRedisPrefix(name: string): string {
  return `${testInfrastructure().redisPrefix}-${name}-${randomBytes(3).toString('hex')}`;
}
