import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job dependencies: `depends_on`, the ids of the tenant's jobs a job waits for (all must succeed before it is
 * dispatched). An array on the row, not a table: ids are only ever accepted if they already exist, so the
 * graph cannot have cycles and never changes after the insert. The partial index holds only jobs waiting on
 * dependencies, which the dispatcher scans every pass for a dependency that failed or was cancelled. Adding a
 * nullable column without a default rewrites nothing; jobs of the previous release simply have none.
 */
export class JobDependencies1765000000000 implements MigrationInterface {
  name = 'JobDependencies1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs ADD COLUMN depends_on uuid[]`);
    await db.query(
      `CREATE INDEX jobs_waiting_on_dependencies ON jobs (id) WHERE status = 'QUEUED' AND depends_on IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX jobs_waiting_on_dependencies`);
    await db.query(`ALTER TABLE jobs DROP COLUMN depends_on`);
  }
}
