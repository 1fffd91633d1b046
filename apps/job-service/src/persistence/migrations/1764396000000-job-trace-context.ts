import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context of the request that created (or retried) a job, in W3C form: the dispatcher publishes
 * the run from a background loop, long after that request ended, and this is how the run joins its trace.
 */
export class JobTraceContext1764396000000 implements MigrationInterface {
  name = 'JobTraceContext1764396000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs ADD COLUMN trace_context jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs DROP COLUMN trace_context`);
  }
}
