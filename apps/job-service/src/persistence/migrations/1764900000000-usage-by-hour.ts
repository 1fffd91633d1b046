import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /api/v1/usage` summed the period's finished jobs at request time: 379 ms at 100,000 jobs a tenant.
 * `usage_by_hour` keeps those sums per tenant, hour of finish and final status, kept by the trigger in the
 * same transaction as every finish (and un-finish: a re-queued job leaves its old hour); the service then
 * adds whole hours from here and reads only the partial hours at the period's two ends from `jobs`. Deleting
 * jobs (retention) leaves the sums alone: what was consumed stays billed. `jobs_status` (no query uses it) and
 * `jobs_unfinished` (the reconciler walks `jobs_unfinished_by_id`) go: each index is written on every change.
 *
 * Both directions lock `jobs` against writes while the trigger is swapped and the sums are computed.
 */
export class UsageByHour1764900000000 implements MigrationInterface {
  name = 'UsageByHour1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`
      CREATE TABLE usage_by_hour (
        tenant_id uuid NOT NULL,
        hour timestamptz NOT NULL,
        status varchar(16) NOT NULL,
        jobs bigint NOT NULL,
        cpu_ms bigint NOT NULL,
        rows bigint NOT NULL,
        bytes_read bigint NOT NULL,
        bytes_written bigint NOT NULL,
        PRIMARY KEY (tenant_id, hour, status)
      )`);
    await db.query(`
      INSERT INTO usage_by_hour (tenant_id, hour, status, jobs, cpu_ms, rows, bytes_read, bytes_written)
      SELECT user_id, date_trunc('hour', finished_at), status, count(*), coalesce(sum(usage_cpu_ms), 0),
        coalesce(sum(usage_rows), 0), coalesce(sum(usage_bytes_read), 0), coalesce(sum(usage_bytes_written), 0)
      FROM jobs WHERE finished_at IS NOT NULL GROUP BY 1, 2, 3`);
    await db.query(`
      CREATE FUNCTION usage_by_hour_add(job jobs, sign integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO usage_by_hour AS u (tenant_id, hour, status, jobs, cpu_ms, rows, bytes_read, bytes_written)
        VALUES (job.user_id, date_trunc('hour', job.finished_at), job.status, sign,
          sign * coalesce(job.usage_cpu_ms, 0), sign * coalesce(job.usage_rows, 0),
          sign * coalesce(job.usage_bytes_read, 0), sign * coalesce(job.usage_bytes_written, 0))
        ON CONFLICT (tenant_id, hour, status) DO UPDATE SET jobs = u.jobs + EXCLUDED.jobs,
          cpu_ms = u.cpu_ms + EXCLUDED.cpu_ms, rows = u.rows + EXCLUDED.rows,
          bytes_read = u.bytes_read + EXCLUDED.bytes_read, bytes_written = u.bytes_written + EXCLUDED.bytes_written
      $$`);
    await db.query(`
      CREATE OR REPLACE FUNCTION jobs_keep_history_and_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${COUNTING}
        IF TG_OP = 'UPDATE' AND (NEW.status, NEW.finished_at, NEW.usage_cpu_ms, NEW.usage_rows)
            IS DISTINCT FROM (OLD.status, OLD.finished_at, OLD.usage_cpu_ms, OLD.usage_rows) THEN
          IF OLD.finished_at IS NOT NULL THEN PERFORM usage_by_hour_add(OLD, -1); END IF;
          IF NEW.finished_at IS NOT NULL THEN PERFORM usage_by_hour_add(NEW, 1); END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await recreateTrigger(db, 'status, queue, task_name, finished_at, usage_cpu_ms, usage_rows');
    await db.query(`DROP INDEX jobs_status`);
    await db.query(`DROP INDEX jobs_unfinished`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(
      `CREATE INDEX jobs_unfinished ON jobs (status, dispatched_at) WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')`,
    );
    await db.query(`CREATE INDEX jobs_status ON jobs (status)`);
    await db.query(`
      CREATE OR REPLACE FUNCTION jobs_keep_history_and_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${COUNTING}
        RETURN NEW;
      END $$`);
    await recreateTrigger(db, 'status, queue, task_name');
    await db.query(`DROP FUNCTION usage_by_hour_add(jobs, integer)`);
    await db.query(`DROP TABLE usage_by_hour`);
  }
}

// The counting of 1764403200000, unchanged in both directions.
const COUNTING = `
  IF TG_OP = 'DELETE' THEN
    PERFORM job_status_counts_add(OLD.status, OLD.queue, OLD.task_name, OLD.id, -1);
    RETURN OLD;
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM job_status_counts_add(NEW.status, NEW.queue, NEW.task_name, NEW.id, 1);
  ELSIF (NEW.status, NEW.queue, NEW.task_name) IS DISTINCT FROM (OLD.status, OLD.queue, OLD.task_name) THEN
    PERFORM job_status_counts_add(OLD.status, OLD.queue, OLD.task_name, OLD.id, -1);
    PERFORM job_status_counts_add(NEW.status, NEW.queue, NEW.task_name, NEW.id, 1);
  END IF;`;

async function recreateTrigger(db: QueryRunner, updateOf: string): Promise<void> {
  await db.query(`DROP TRIGGER jobs_history_and_counts ON jobs`);
  await db.query(`
    CREATE TRIGGER jobs_history_and_counts
    AFTER INSERT OR DELETE OR UPDATE OF ${updateOf} ON jobs
    FOR EACH ROW EXECUTE FUNCTION jobs_keep_history_and_counts()`);
}
