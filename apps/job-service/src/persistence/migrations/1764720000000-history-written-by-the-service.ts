import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history moves from the trigger into the service: the lifecycle rules (libs/job-domain,
 * applyLifecycleEvent) say which entries a change leaves, and the repository writes them in the same
 * statement as the change, so the status → `job.*` mapping lives once, in code. The trigger keeps only the
 * status counters. `version` counts the lifecycle writes of a job: the repository's compare-and-set, so a
 * batch of changes computed from rows read earlier never overwrites a change made meanwhile.
 */
export class HistoryWrittenByTheService1764720000000 implements MigrationInterface {
  name = 'HistoryWrittenByTheService1764720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs ADD COLUMN version integer NOT NULL DEFAULT 0`);
    await db.query(`
      CREATE OR REPLACE FUNCTION jobs_keep_history_and_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${COUNTING}
        RETURN NEW;
      END $$`);
    await recreateTrigger(db, 'status, queue, task_name');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION jobs_keep_history_and_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kind text;
      BEGIN
        ${COUNTING}
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
      END $$`);
    await recreateTrigger(db, 'status, progress, queue, task_name');
    await db.query(`ALTER TABLE jobs DROP COLUMN version`);
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
