import { DataSource } from 'typeorm';
import { createScratchDatabase } from '@validahub/testing';
import { dataSourceOptions } from '../src/persistence/data-source-options';
import { MIGRATIONS } from '../src/persistence/migrations';
import { JobCountsByQueueAndTask1764403200000 as JobCountsByQueueAndTask } from '../src/persistence/migrations/1764403200000-job-counts-by-queue-and-task';
import { runMigrations } from '../src/persistence/run-migrations';

// The migration that keys the job counters by (status, queue, task): its one-pass backfill of a database
// that already holds jobs, the trigger it installs, and its way back to counters by status alone.
describe('migration: job counts by queue and task (real Postgres)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  const migration = new JobCountsByQueueAndTask();

  beforeAll(async () => {
    database = await createScratchDatabase('jobcount');
    db = new DataSource({
      ...dataSourceOptions(database.url, 2),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(JobCountsByQueueAndTask)),
    });
    await db.initialize();
    await runMigrations(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const rows = (sql: string) => db.query(sql);
  // As the migration runner does it: one transaction per migration.
  const inTransaction = async (step: 'up' | 'down') => {
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await migration[step](runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  };
  const shape = async () => ({
    columns: await rows(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_name = 'job_status_counts' ORDER BY ordinal_position`,
    ),
    key: await rows(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'job_status_counts'::regclass AND contype = 'p'`,
    ),
    trigger: await rows(
      `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = 'jobs_history_and_counts'`,
    ),
  });
  const shard = `abs(hashtext(id::text)) % 16`;
  const countersByKey = () =>
    rows(
      `SELECT status, queue, task, shard, count::int FROM job_status_counts WHERE count <> 0 ORDER BY 1, 2, 3, 4`,
    );
  const jobsByKey = () =>
    rows(`SELECT status, queue, task_name AS task, ${shard} AS shard, count(*)::int AS count FROM jobs
          GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  const insertJobs = (n: number) =>
    rows(`
      INSERT INTO jobs (id, user_id, task_name, status, queue, priority, request_hash, params_json)
      SELECT gen_random_uuid(), (SELECT id FROM tenants LIMIT 1),
        (ARRAY['validate_csv_job', 'correct_csv_job'])[1 + i % 2],
        (ARRAY['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RETRYING'])[1 + i % 6],
        (ARRAY['queue-free', 'queue-pro', 'queue-business', 'queue-enterprise'])[1 + (i / 6) % 4],
        5, repeat('0', 64), '{}'
      FROM generate_series(1, ${n}) AS i`);
  const historyRows = async () => (await rows(`SELECT count(*)::int AS n FROM job_events`))[0].n;

  it('backfills the counters from the jobs in place, keeps them through changes, and goes back to counts by status', async () => {
    await rows(
      `INSERT INTO tenants (id, name, plan, api_key_hash) VALUES (gen_random_uuid(), 'Loja', 'pro', repeat('a', 64))`,
    );
    await insertJobs(500);
    await rows(`DELETE FROM jobs WHERE id IN (SELECT id FROM jobs ORDER BY id LIMIT 40)`);
    const before = await shape();

    await inTransaction('up');
    expect((await shape()).columns.map((c: { column_name: string }) => c.column_name)).toEqual([
      'status',
      'queue',
      'task',
      'shard',
      'count',
    ]);
    expect(await countersByKey()).toEqual(await jobsByKey());

    // The new trigger: inserts, status changes, a hand-made queue move and deletes, history still written.
    const events = await historyRows();
    await insertJobs(30);
    await rows(`UPDATE jobs SET status = 'SUCCEEDED' WHERE status = 'RUNNING' AND queue = 'queue-pro'`);
    await rows(
      `UPDATE jobs SET queue = 'queue-enterprise' WHERE queue = 'queue-business' AND status = 'FAILED'`,
    );
    await rows(`UPDATE jobs SET progress = 50 WHERE status = 'RUNNING'`);
    await rows(`DELETE FROM jobs WHERE status = 'CANCELLED' AND task_name = 'correct_csv_job'`);
    expect(await countersByKey()).toEqual(await jobsByKey());
    expect(await historyRows()).toBeGreaterThan(events + 30);
    expect((await rows(`SELECT count(*)::int AS n FROM job_status_counts WHERE count < 0`))[0].n).toBe(0);

    await inTransaction('down');
    expect(await shape()).toEqual(before);
    expect(await rows(`SELECT count(*)::int AS n FROM job_status_counts`)).toEqual([{ n: 96 }]);
    const byStatus = () =>
      rows(`SELECT status, shard, count::int FROM job_status_counts WHERE count <> 0 ORDER BY 1, 2`);
    const jobsByStatus = () =>
      rows(`SELECT status, ${shard} AS shard, count(*)::int AS count FROM jobs GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(await byStatus()).toEqual(await jobsByStatus());
    // The old trigger counts again.
    await insertJobs(12);
    await rows(`UPDATE jobs SET status = 'FAILED' WHERE status = 'RETRYING'`);
    await rows(`DELETE FROM jobs WHERE status = 'SUCCEEDED'`);
    expect(await byStatus()).toEqual(await jobsByStatus());

    // And up again from there.
    await inTransaction('up');
    expect(await countersByKey()).toEqual(await jobsByKey());
  });
});
