import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job's history (`job_events`) and running status counts (`job_status_counts`), both kept by a trigger
 * in the same transaction as the change, so no code path can change a job without leaving its trace, and
 * `/health/queue` reads a few counter rows instead of counting millions of jobs. Counters are spread over
 * 16 shards per status so concurrent transitions rarely wait on the same row.
 */
export class JobEventsAndStatusCounts1764370800000 implements MigrationInterface {
  name = 'JobEventsAndStatusCounts1764370800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE job_events (
        id bigserial PRIMARY KEY,
        job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL,
        type varchar(32) NOT NULL,
        attempt integer NOT NULL,
        status varchar(16) NOT NULL,
        progress double precision NOT NULL,
        message text,
        error_code varchar(64),
        data jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX job_events_by_job ON job_events (job_id, id)`);

    await db.query(`
      CREATE TABLE job_status_counts (
        status varchar(16) NOT NULL,
        shard smallint NOT NULL,
        count bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (status, shard)
      )`);
    await db.query(`
      INSERT INTO job_status_counts (status, shard, count)
      SELECT s.status, g.shard, 0 FROM unnest(ARRAY['QUEUED','RUNNING','SUCCEEDED','FAILED','CANCELLED','RETRYING']) AS s(status), generate_series(0, 15) AS g(shard)`);
    await db.query(`
      UPDATE job_status_counts c SET count = x.count
      FROM (SELECT status, (abs(hashtext(id::text)) % 16) AS shard, count(*) AS count FROM jobs GROUP BY 1, 2) x
      WHERE c.status = x.status AND c.shard = x.shard`);

    await db.query(`
      CREATE FUNCTION jobs_keep_history_and_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kind text;
        row_shard smallint;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE job_status_counts SET count = count - 1 WHERE status = OLD.status AND shard = abs(hashtext(OLD.id::text)) % 16;
          RETURN OLD;
        END IF;
        row_shard := abs(hashtext(NEW.id::text)) % 16;
        IF TG_OP = 'INSERT' THEN
          UPDATE job_status_counts SET count = count + 1 WHERE status = NEW.status AND shard = row_shard;
          kind := 'job.queued';
        ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
          UPDATE job_status_counts SET count = count - 1 WHERE status = OLD.status AND shard = row_shard;
          UPDATE job_status_counts SET count = count + 1 WHERE status = NEW.status AND shard = row_shard;
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
      END $$`);
    await db.query(`
      CREATE TRIGGER jobs_history_and_counts
      AFTER INSERT OR DELETE OR UPDATE OF status, progress ON jobs
      FOR EACH ROW EXECUTE FUNCTION jobs_keep_history_and_counts()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER jobs_history_and_counts ON jobs`);
    await db.query(`DROP FUNCTION jobs_keep_history_and_counts()`);
    await db.query(`DROP TABLE job_status_counts`);
    await db.query(`DROP TABLE job_events`);
  }
}
