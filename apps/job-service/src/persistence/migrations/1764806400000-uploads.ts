import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every stored upload, registered by the gateway once the object is in place: the tenant's storage and
 * daily-upload quotas are sums over it, a job's input must be one of its rows, and the input retention
 * deletes old rows with their objects.
 */
export class Uploads1764806400000 implements MigrationInterface {
  name = 'Uploads1764806400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE uploads (
        key text PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        uri text NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        sha256 char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The quotas read a tenant's sizes in time order from the index alone.
    await db.query(`CREATE INDEX uploads_tenant_created ON uploads (tenant_id, created_at) INCLUDE (size)`);
    await db.query(`CREATE INDEX uploads_created ON uploads (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE uploads`);
  }
}
