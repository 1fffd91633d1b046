import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createScratchDatabase } from '@validahub/testing';
import { dataSourceOptions } from '../src/persistence/data-source-options';
import { MIGRATIONS } from '../src/persistence/migrations';
import { ApiKeys1764547200000 as ApiKeys } from '../src/persistence/migrations/1764547200000-api-keys';
import { runMigrations } from '../src/persistence/run-migrations';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

// The migration that moves each tenant's one API key hash into `api_keys`: the data it moves, the triggers
// that keep job-service pods of the previous release working during a rollout, and its way back.
describe('migration: API keys in a table of their own (real Postgres)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  const migration = new ApiKeys();

  beforeAll(async () => {
    database = await createScratchDatabase('apikeys');
    db = new DataSource({
      ...dataSourceOptions(database.url, 2),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(ApiKeys)),
    });
    await db.initialize();
    await runMigrations(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const rows = (sql: string, parameters?: unknown[]) => db.query(sql, parameters);
  // As the migration runner does it: one transaction per migration.
  const inTransaction = async (step: 'up' | 'down') => {
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await migration[step](runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  };
  const tenantsShape = async () => ({
    columns: await rows(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = 'tenants' ORDER BY ordinal_position`,
    ),
    constraints: await rows(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'tenants'::regclass ORDER BY conname`,
    ),
    triggers: await rows(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'tenants'::regclass AND NOT tgisinternal ORDER BY tgname`,
    ),
    functions: await rows(`SELECT proname FROM pg_proc WHERE proname LIKE 'api_keys_%' ORDER BY proname`),
    apiKeysTable: (await rows(`SELECT to_regclass('api_keys') IS NOT NULL AS present`))[0].present,
  });
  // A tenant as the previous release creates it: its key's hash on the tenant row.
  const legacyTenant = async (name: string) => {
    const tenant = { id: randomUUID(), key: `vh_${randomUUID()}` };
    await rows(
      `INSERT INTO tenants (id, name, plan, api_key_hash, created_at)
       VALUES ($1, $2, 'pro', $3, now() - interval '1 day' * (SELECT count(*) + 1 FROM tenants))`,
      [tenant.id, name, sha256(tenant.key)],
    );
    return tenant;
  };
  const keysOf = (tenantId: string) =>
    rows(
      `SELECT k.key_hash, k.created_at = t.created_at AS created_with_tenant, k.last_used_at, k.revoked_at
       FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.tenant_id = $1 ORDER BY k.created_at`,
      [tenantId],
    );
  const tenantHash = async (tenantId: string): Promise<string | null> =>
    (await rows(`SELECT api_key_hash FROM tenants WHERE id = $1`, [tenantId]))[0].api_key_hash;

  it('moves every tenant’s key, keeps the previous release working, and goes back to one key per tenant', async () => {
    const [rotated, revoked, untouched] = [
      await legacyTenant('Loja A'),
      await legacyTenant('Loja B'),
      await legacyTenant('Loja C'),
    ];
    const before = await tenantsShape();

    await inTransaction('up');
    for (const tenant of [rotated, revoked, untouched])
      expect(await keysOf(tenant.id)).toEqual([
        { key_hash: sha256(tenant.key), created_with_tenant: true, last_used_at: null, revoked_at: null },
      ]);
    expect((await tenantsShape()).columns).toContainEqual({
      column_name: 'api_key_hash',
      data_type: 'character',
      is_nullable: 'YES',
    });

    // A pod of the previous release creates a tenant: its key lands in api_keys too.
    const lateComer = await legacyTenant('Loja D');
    expect(await keysOf(lateComer.id)).toEqual([
      { key_hash: sha256(lateComer.key), created_with_tenant: true, last_used_at: null, revoked_at: null },
    ]);
    // This release: a tenant without the legacy column, and rotation.
    const modern = randomUUID();
    await rows(`INSERT INTO tenants (id, name, plan) VALUES ($1, 'Loja E', 'free')`, [modern]);
    await rows(`INSERT INTO api_keys (id, tenant_id, key_hash) VALUES (gen_random_uuid(), $1, $2)`, [
      modern,
      sha256('vh_modern'),
    ]);
    const newKey = sha256(`vh_${randomUUID()}`);
    await rows(`INSERT INTO api_keys (id, tenant_id, key_hash) VALUES (gen_random_uuid(), $1, $2)`, [
      rotated.id,
      newKey,
    ]);
    // Revoking a moved key takes it off the tenant row, so a pod of the previous release refuses it too.
    await rows(`UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1`, [revoked.id]);
    expect(await tenantHash(revoked.id)).toBeNull();
    expect(await tenantHash(untouched.id)).toBe(sha256(untouched.key));

    await inTransaction('down');
    expect(await tenantsShape()).toEqual(before);
    // The newest unrevoked key stays; a tenant with none is locked out, not given a revoked key back.
    expect(await tenantHash(rotated.id)).toBe(newKey);
    expect(await tenantHash(untouched.id)).toBe(sha256(untouched.key));
    expect(await tenantHash(lateComer.id)).toBe(sha256(lateComer.key));
    expect(await tenantHash(modern)).toBe(sha256('vh_modern'));
    const lockedOut = await tenantHash(revoked.id);
    expect(lockedOut).toMatch(/^[0-9a-f]{64}$/);
    expect(lockedOut).not.toBe(sha256(revoked.key));

    // And up again from there: one key per tenant, as stored.
    await inTransaction('up');
    expect(
      await rows(`SELECT count(*)::int AS n FROM api_keys k JOIN tenants t ON t.api_key_hash = k.key_hash`),
    ).toEqual([{ n: 5 }]);
  });
});
