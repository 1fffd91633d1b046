import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `redispatches`: how often the reconciler put a run back in the queue under the same attempt (Redis lost the
 * message). Such a job may have had two runs of one attempt, and the first may have written a run folder and
 * never reported: when the job ends, its run folders are swept like those of a job that ran more than once.
 * A constant default: no table rewrite.
 */
export class RedispatchCount1765100000000 implements MigrationInterface {
  name = 'RedispatchCount1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs ADD COLUMN redispatches integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs DROP COLUMN redispatches`);
  }
}
