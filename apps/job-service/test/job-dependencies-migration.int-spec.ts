import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createScratchDatabase } from '@validahub/testing';
import { dataSourceOptions } from '../src/persistence/data-source-options';
import { MIGRATIONS } from '../src/persistence/migrations';
import { JobDependencies1765000000000 as JobDependencies } from '../src/persistence/migrations/1765000000000-job-dependencies';
import { runMigrations } from '../src/persistence/run-migrations';

// The migration adding jobs.depends_on, on a database holding jobs of the previous release: up, down, up.
describe('migration: job dependencies (real Postgres)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  const migration = new JobDependencies();
  const jobId = randomUUID();

  beforeAll(async () => {
    database = await createScratchDatabase('jobdeps');
    db = new DataSource({
      ...dataSourceOptions(database.url, 2),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(JobDependencies)),
    });
    await db.initialize();
    await runMigrations(db);
    const [tenant] = await db.query(
      `INSERT INTO tenants (id, name, plan) VALUES ($1, 'Loja', 'pro') RETURNING id`,
      [randomUUID()],
    );
    await db.query(
      `INSERT INTO jobs (id, user_id, task_name, status, queue, priority, request_hash, params_json)
       VALUES ($1, $2, 'validate_csv_job', 'QUEUED', 'queue-pro', 5, $3, '{}')`,
      [jobId, tenant.id, 'a'.repeat(64)],
    );
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const step = async (direction: 'up' | 'down') => {
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await migration[direction](runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  };
  const column = async () =>
    (
      await db.query(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'depends_on'`,
      )
    )[0]?.data_type;

  it('adds a nullable uuid[] column (existing jobs depend on nothing), and takes it away again', async () => {
    await step('up');
    expect(await column()).toBe('ARRAY');
    expect(await db.query(`SELECT depends_on FROM jobs WHERE id = $1`, [jobId])).toEqual([
      { depends_on: null },
    ]);
    await db.query(`UPDATE jobs SET depends_on = ARRAY[$1::uuid] WHERE id = $1`, [jobId]);
    await step('down');
    expect(await column()).toBeUndefined();
    expect(await db.query(`SELECT count(*)::int AS n FROM jobs`)).toEqual([{ n: 1 }]);
    await step('up');
    expect(await column()).toBe('ARRAY');
  });
});
