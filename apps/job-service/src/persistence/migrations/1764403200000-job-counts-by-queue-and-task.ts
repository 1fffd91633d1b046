import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `job_status_counts` keyed by (status, queue, task) instead of status alone, so `validahub_jobs` can say
 * which queue (hence plan) and task the jobs are in without counting millions of rows. Still 16 shards per
 * key (by job id, as before) so concurrent transitions rarely wait on the same row. The history half of
 * the trigger is unchanged; only its counting is swapped (and swapped back by `down`).
 *
 * Both directions lock `jobs` against writes (reads go on) so the one-pass recount and the trigger swap
 * see the same rows; the lock lasts as long as one grouped scan of `jobs`.
 */
export class JobCountsByQueueAndTask1764403200000 implements MigrationInterface {
  name = 'JobCountsByQueueAndTask1764403200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`DROP TABLE job_status_counts`);
    await db.query(`
      CREATE TABLE job_status_counts (
        status varchar(16) NOT NULL,
        queue varchar(64) NOT NULL,
        task varchar(64) NOT NULL,
        shard smallint NOT NULL,
        count bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (status, queue, task, shard)
      )`);
    await db.query(`
      INSERT INTO job_status_counts (status, queue, task, shard, count)
      SELECT status, queue, task_name, abs(hashtext(id::text)) % 16, count(*) FROM jobs GROUP BY 1, 2, 3, 4`);
    // An upsert, not a pre-seeded grid: a new task or queue needs no migration to be counted.
    await db.query(`
      CREATE FUNCTION job_status_counts_add(s varchar, q varchar, t varchar, job uuid, delta integer)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO job_status_counts AS c (status, queue, task, shard, count)
        VALUES (s, q, t, abs(hashtext(job::text)) % 16, delta)
        ON CONFLICT (status, queue, task, shard) DO UPDATE SET count = c.count + EXCLUDED.count
      $$`);
    await db.query(
      keepHistoryAndCounts(`
        IF TG_OP = 'DELETE' THEN
          PERFORM job_status_counts_add(OLD.status, OLD.queue, OLD.task_name, OLD.id, -1);
          RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
          PERFORM job_status_counts_add(NEW.status, NEW.queue, NEW.task_name, NEW.id, 1);
        ELSIF (NEW.status, NEW.queue, NEW.task_name) IS DISTINCT FROM (OLD.status, OLD.queue, OLD.task_name) THEN
          PERFORM job_status_counts_add(OLD.status, OLD.queue, OLD.task_name, OLD.id, -1);
          PERFORM job_status_counts_add(NEW.status, NEW.queue, NEW.task_name, NEW.id, 1);
        END IF;`),
    );
    // Queue and task never change in the service, but a hand-made move (a renamed queue) must move its count too.
    await recreateTrigger(db, 'status, progress, queue, task_name');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(
      keepHistoryAndCounts(`
        IF TG_OP = 'DELETE' THEN
          UPDATE job_status_counts SET count = count - 1 WHERE status = OLD.status AND shard = abs(hashtext(OLD.id::text)) % 16;
          RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
          UPDATE job_status_counts SET count = count + 1 WHERE status = NEW.status AND shard = abs(hashtext(NEW.id::text)) % 16;
        ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
          UPDATE job_status_counts SET count = count - 1 WHERE status = OLD.status AND shard = abs(hashtext(OLD.id::text)) % 16;
          UPDATE job_status_counts SET count = count + 1 WHERE status = NEW.status AND shard = abs(hashtext(NEW.id::text)) % 16;
        END IF;`),
    );
    await recreateTrigger(db, 'status, progress');
    await db.query(`DROP FUNCTION job_status_counts_add(varchar, varchar, varchar, uuid, integer)`);
    await db.query(`DROP TABLE job_status_counts`);
    await db.query(`
      CREATE TABLE job_status_counts (
        status varchar(16) NOT NULL,
        shard smallint NOT NULL,
        count bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (status, shard)
      )`);
    // The old shape has a row for every status and shard, counted or not: its trigger only updates.
    await db.query(`
      INSERT INTO job_status_counts (status, shard, count)
      SELECT s.status, g.shard, coalesce(x.count, 0)
      FROM unnest(ARRAY['QUEUED','RUNNING','SUCCEEDED','FAILED','CANCELLED','RETRYING']) AS s(status)
      CROSS JOIN generate_series(0, 15) AS g(shard)
      LEFT JOIN (SELECT status, abs(hashtext(id::text)) % 16 AS shard, count(*) AS count FROM jobs GROUP BY 1, 2) x
        ON x.status = s.status AND x.shard = g.shard`);
  }
}

async function recreateTrigger(db: QueryRunner, updateOf: string): Promise<void> {
  await db.query(`DROP TRIGGER jobs_history_and_counts ON jobs`);
  await db.query(`
    CREATE TRIGGER jobs_history_and_counts
    AFTER INSERT OR DELETE OR UPDATE OF ${updateOf} ON jobs
    FOR EACH ROW EXECUTE FUNCTION jobs_keep_history_and_counts()`);
}

/**
 * The trigger function of 1764370800000 with its counting replaced by `counting` (which returns on DELETE):
 * the history it writes is the same in both directions.
 */
function keepHistoryAndCounts(counting: string): string {
  return `
    CREATE OR REPLACE FUNCTION jobs_keep_history_and_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      kind text;
    BEGIN
      ${counting}
      IF TG_OP = 'INSERT' THEN
        kind := 'job.queued';
      ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        kind := CASE NEW.status
          WHEN 'QUEUED' THEN 'job.queued'
          WHEN 'RUNNING' THEN 'job.started'
          WHEN 'SUCCEEDED' THEN 'job.completed'
          WHEN 'FAILED' THEN 'job.failed'
          WHEN 'CANCELLED' THEN 'job.cancelled'
          WHEN 'RETRYING' THEN 'job.retrying'
        END;
      ELSIF NEW.status = 'RUNNING' AND NEW.progress IS DISTINCT FROM OLD.progress THEN
        kind := 'job.progress';
      ELSE
        RETURN NEW;
      END IF;
      INSERT INTO job_events (job_id, tenant_id, type, attempt, status, progress, message, error_code, data)
      VALUES (NEW.id, NEW.user_id, kind, NEW.attempt, NEW.status, NEW.progress, NEW.message, NEW.error_code,
        jsonb_strip_nulls(jsonb_build_object(
          'task', NEW.task_name,
          'queue', NEW.queue,
          'correlation_id', NEW.correlation_id,
          'retry_count', NEW.retry_count,
          'error', CASE WHEN NEW.status IN ('FAILED', 'RETRYING') THEN NEW.error END,
          'next_attempt_at', CASE WHEN NEW.status = 'RETRYING' THEN NEW.next_attempt_at END,
          'created_at', NEW.created_at,
          'started_at', NEW.started_at,
          'finished_at', NEW.finished_at,
          'queue_wait_ms', CASE WHEN NEW.started_at IS NOT NULL THEN round(extract(epoch FROM NEW.started_at - NEW.created_at) * 1000) END,
          'run_ms', CASE WHEN NEW.started_at IS NOT NULL AND NEW.finished_at IS NOT NULL THEN round(extract(epoch FROM NEW.finished_at - NEW.started_at) * 1000) END
        )));
      RETURN NEW;
    END $$`;
}
