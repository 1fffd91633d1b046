import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenantsAndJobs1764352800000 implements MigrationInterface {
  name = 'CreateTenantsAndJobs1764352800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        plan varchar(20) NOT NULL CHECK (plan IN ('free', 'pro', 'business', 'enterprise')),
        api_key_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        task_name varchar(64) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RETRYING')),
        queue varchar(64) NOT NULL,
        priority integer NOT NULL,
        progress double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
        message text,
        error text,
        error_code varchar(64),
        result_ref text,
        result jsonb,
        queue_job_id varchar(128),
        idempotency_key varchar(255),
        request_hash char(64) NOT NULL,
        correlation_id varchar(128),
        metadata jsonb,
        params_json jsonb NOT NULL,
        retry_count integer NOT NULL DEFAULT 0,
        max_retries integer NOT NULL DEFAULT 3,
        attempt integer NOT NULL DEFAULT 1,
        dispatched_attempt integer NOT NULL DEFAULT 0,
        dispatched_at timestamptz,
        next_attempt_at timestamptz,
        heartbeat_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // Idempotency is per tenant: the same key from two tenants is two jobs.
    await db.query(
      `CREATE UNIQUE INDEX jobs_tenant_idempotency_key ON jobs (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    // Listing a tenant's jobs newest first, with keyset pagination on (created_at, id).
    await db.query(`CREATE INDEX jobs_tenant_created ON jobs (user_id, created_at DESC, id DESC)`);
    await db.query(
      `CREATE INDEX jobs_tenant_status_created ON jobs (user_id, status, created_at DESC, id DESC)`,
    );
    // The dispatcher's work list stays small however large the table grows.
    await db.query(
      `CREATE INDEX jobs_to_dispatch ON jobs (priority DESC, created_at) WHERE status IN ('QUEUED', 'RETRYING') AND dispatched_attempt < attempt`,
    );
    await db.query(
      `CREATE INDEX jobs_unfinished ON jobs (status, dispatched_at) WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')`,
    );
    await db.query(`CREATE INDEX jobs_status ON jobs (status)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE jobs`);
    await db.query(`DROP TABLE tenants`);
  }
}
