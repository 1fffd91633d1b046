import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reconciler walks quiet unfinished jobs in id order, a page per pass: this index lets each page start
 * at its cursor and stop after the page, instead of sorting every unfinished job each time.
 */
export class UnfinishedJobsById1764460800000 implements MigrationInterface {
  name = 'UnfinishedJobsById1764460800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX jobs_unfinished_by_id ON jobs (id) WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX jobs_unfinished_by_id`);
  }
}
