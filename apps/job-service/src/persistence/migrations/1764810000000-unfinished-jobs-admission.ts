import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queued-jobs quota, decided inside the statement that creates a job (JobRepository's `insert`), so it
 * costs no round trip: `admit_unfinished_job(tenant, limit)` takes the tenant's transaction-scoped advisory
 * lock, then counts the tenant's unfinished jobs (up to `limit`, on the (user_id, status) index) and raises
 * SQLSTATE VH429 at the limit. The lock is held until the creating statement commits, so one tenant's creates
 * are decided one after another; the count, a statement of this VOLATILE function, reads a snapshot taken
 * after the lock and so sees every job the previous holder committed. Exactly `limit` of any number of
 * concurrent creates get in. Other tenants never wait (lock class 1 is this quota's: see tenant-lock.ts).
 */
export class UnfinishedJobsAdmission1764810000000 implements MigrationInterface {
  name = 'UnfinishedJobsAdmission1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION admit_unfinished_job(tenant uuid, max_unfinished integer) RETURNS boolean
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        unfinished integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(1, hashtext(tenant::text));
        SELECT count(*) INTO unfinished FROM (
          SELECT 1 FROM jobs WHERE user_id = tenant AND status IN ('QUEUED', 'RUNNING', 'RETRYING')
          LIMIT max_unfinished
        ) AS counted;
        IF unfinished >= max_unfinished THEN
          RAISE EXCEPTION 'the tenant has % unfinished jobs, its limit', unfinished
            USING ERRCODE = 'VH429', DETAIL = json_build_object('limit', max_unfinished, 'queued', unfinished)::text;
        END IF;
        RETURN true;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION admit_unfinished_job(uuid, integer)`);
  }
}
