import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys get a table of their own, so a tenant can hold several (rotation) and revoke any of them. Each
 * tenant's `api_key_hash` moves into it as a key created with the tenant.
 *
 * `tenants.api_key_hash` is not dropped yet: job-service pods of the previous release keep serving during a
 * rollout (k8s/README.md, "Rolling out a migration") and still read and write it. Until a later migration
 * drops the column and these two triggers, the column is nullable (this release never writes it) and:
 * - a tenant such a pod creates gets its key copied into `api_keys`, so it keeps working after the rollout;
 * - revoking a key clears it from `tenants`, so such a pod refuses it too.
 *
 * `tenants` is locked against writes (reads go on) while its keys are copied, so no tenant created meanwhile
 * is missed; it is a small table.
 */
export class ApiKeys1764547200000 implements MigrationInterface {
  name = 'ApiKeys1764547200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE tenants IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        key_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    // The admin list, newest first.
    await db.query(`CREATE INDEX api_keys_tenant_created ON api_keys (tenant_id, created_at DESC, id DESC)`);
    // The revocation feed the gateways poll: only revoked keys are in it, so it stays tiny.
    await db.query(`CREATE INDEX api_keys_revoked_at ON api_keys (revoked_at) WHERE revoked_at IS NOT NULL`);
    await db.query(`
      INSERT INTO api_keys (id, tenant_id, key_hash, created_at)
      SELECT gen_random_uuid(), id, api_key_hash, created_at FROM tenants`);
    await db.query(`ALTER TABLE tenants ALTER COLUMN api_key_hash DROP NOT NULL`);

    await db.query(`
      CREATE FUNCTION api_keys_copy_legacy_tenant_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO api_keys (id, tenant_id, key_hash, created_at)
        VALUES (gen_random_uuid(), NEW.id, NEW.api_key_hash, NEW.created_at);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER tenants_legacy_api_key AFTER INSERT ON tenants
      FOR EACH ROW WHEN (NEW.api_key_hash IS NOT NULL) EXECUTE FUNCTION api_keys_copy_legacy_tenant_key()`);
    await db.query(`
      CREATE FUNCTION api_keys_clear_legacy_tenant_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tenants SET api_key_hash = NULL WHERE id = NEW.tenant_id AND api_key_hash = NEW.key_hash;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER api_keys_revoked_legacy AFTER UPDATE OF revoked_at ON api_keys
      FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
      EXECUTE FUNCTION api_keys_clear_legacy_tenant_key()`);
  }

  /**
   * Back to one key per tenant: its newest unrevoked key. A tenant with several keys keeps only that one; a
   * tenant whose keys are all revoked gets the hash of a random value, which no key matches, so it stays
   * locked out rather than getting a revoked key back.
   */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE tenants IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`DROP TRIGGER api_keys_revoked_legacy ON api_keys`);
    await db.query(`DROP FUNCTION api_keys_clear_legacy_tenant_key()`);
    await db.query(`DROP TRIGGER tenants_legacy_api_key ON tenants`);
    await db.query(`DROP FUNCTION api_keys_copy_legacy_tenant_key()`);
    await db.query(`
      UPDATE tenants t SET api_key_hash = coalesce(
        (SELECT k.key_hash FROM api_keys k WHERE k.tenant_id = t.id AND k.revoked_at IS NULL
         ORDER BY k.created_at DESC, k.id DESC LIMIT 1),
        encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'))`);
    await db.query(`ALTER TABLE tenants ALTER COLUMN api_key_hash SET NOT NULL`);
    await db.query(`DROP TABLE api_keys`);
  }
}
