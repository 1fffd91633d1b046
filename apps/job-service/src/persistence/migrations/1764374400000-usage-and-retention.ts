import { MigrationInterface, QueryRunner } from 'typeorm';

/** What each run consumed (for usage and cost per tenant and period), and the index retention scans. */
export class UsageAndRetention1764374400000 implements MigrationInterface {
  name = 'UsageAndRetention1764374400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE jobs
        ADD COLUMN usage_cpu_ms bigint,
        ADD COLUMN usage_rows bigint,
        ADD COLUMN usage_bytes_read bigint,
        ADD COLUMN usage_bytes_written bigint`);
    // Usage per tenant and period, and the retention sweep, both walk finished jobs by finish time.
    await db.query(
      `CREATE INDEX jobs_tenant_finished ON jobs (user_id, finished_at) WHERE finished_at IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX jobs_finished_terminal ON jobs (finished_at) WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX jobs_finished_terminal`);
    await db.query(`DROP INDEX jobs_tenant_finished`);
    await db.query(
      `ALTER TABLE jobs DROP COLUMN usage_cpu_ms, DROP COLUMN usage_rows, DROP COLUMN usage_bytes_read, DROP COLUMN usage_bytes_written`,
    );
  }
}
