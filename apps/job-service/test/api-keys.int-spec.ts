import { DataSource } from 'typeorm';
import { CreateTenantResponse } from '@validahub/job-contracts/http';
import { JobServiceHarness } from './job-service.harness';

// API keys through the job-service's internal API: issue, list, revoke, resolve, and the revocation feed
// the gateways poll.
describe('API keys (real Postgres)', () => {
  const js = new JobServiceHarness();
  const unknownId = '00000000-0000-4000-8000-000000000000';
  let sql: (query: string, parameters?: unknown[]) => Promise<any[]>;

  beforeAll(async () => {
    await js.start();
    sql = (query, parameters) => js.app.get(DataSource).query(query, parameters);
  });
  afterAll(() => js.dispose());

  const resolve = (apiKey: string) =>
    js.http('POST', '/internal/v1/api-keys/resolve', { body: { api_key: apiKey } });
  const keysOf = (tenantId: string) => js.http('GET', `/internal/v1/tenants/${tenantId}/api-keys`);
  const issue = (tenantId: string) => js.http('POST', `/internal/v1/tenants/${tenantId}/api-keys`);
  const revoke = (tenantId: string, keyId: string) =>
    js.http('DELETE', `/internal/v1/tenants/${tenantId}/api-keys/${keyId}`);
  const revocations = (since: string) =>
    js.http('GET', `/internal/v1/api-keys/revocations?since=${encodeURIComponent(since)}`);

  it('creates a tenant with one key, listed without any secret', async () => {
    const tenant: CreateTenantResponse = await js.tenant('business');
    expect(tenant.key_id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await keysOf(tenant.tenant_id);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { key_id: tenant.key_id, created_at: expect.any(String), last_used_at: null, revoked_at: null },
    ]);
    const text = JSON.stringify(list.body);
    const [{ key_hash }] = await sql(`SELECT key_hash FROM api_keys WHERE id = $1`, [tenant.key_id]);
    expect(text).not.toContain(tenant.api_key);
    expect(text).not.toContain(key_hash);
  });

  it('rotates: a new key works beside the old one until the old one is revoked, at once', async () => {
    const tenant = await js.tenant('pro');
    const second = await issue(tenant.tenant_id);
    expect(second.status).toBe(201);
    expect(Object.keys(second.body).sort()).toEqual(['api_key', 'key_id']);
    expect(second.body.api_key).toMatch(/^vh_[A-Za-z0-9_-]{32}$/);

    expect(await resolve(tenant.api_key)).toMatchObject({
      status: 200,
      body: { tenant_id: tenant.tenant_id, plan: 'pro', key_id: tenant.key_id },
    });
    expect(await resolve(second.body.api_key)).toMatchObject({
      status: 200,
      body: { tenant_id: tenant.tenant_id, plan: 'pro', key_id: second.body.key_id },
    });
    expect((await keysOf(tenant.tenant_id)).body.items.map((k: { key_id: string }) => k.key_id)).toEqual([
      second.body.key_id,
      tenant.key_id,
    ]);

    const before = new Date(Date.now() - 60_000).toISOString();
    expect(await revoke(tenant.tenant_id, tenant.key_id)).toMatchObject({ status: 204, body: undefined });
    expect(await resolve(tenant.api_key)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect((await resolve(second.body.api_key)).status).toBe(200);

    const [revoked, kept] = [...(await keysOf(tenant.tenant_id)).body.items].reverse();
    expect(revoked).toMatchObject({ key_id: tenant.key_id, revoked_at: expect.any(String) });
    expect(kept).toMatchObject({ key_id: second.body.key_id, revoked_at: null });

    // Revoking it again changes nothing, not even its revocation time.
    expect((await revoke(tenant.tenant_id, tenant.key_id)).status).toBe(204);
    expect((await keysOf(tenant.tenant_id)).body.items.at(-1).revoked_at).toBe(revoked.revoked_at);

    // The feed reports it to anyone asking from before its revocation, not from after.
    const feed = await revocations(before);
    expect(feed.status).toBe(200);
    expect(feed.body.key_ids).toContain(tenant.key_id);
    expect(feed.body.key_ids).not.toContain(second.body.key_id);
    expect(Date.parse(feed.body.as_of)).toBeGreaterThanOrEqual(Date.parse(revoked.revoked_at));
    expect((await revocations(feed.body.as_of)).body.key_ids).not.toContain(tenant.key_id);
  });

  it('stamps last_used_at when a key is resolved, at most once a minute', async () => {
    const tenant = await js.tenant('free');
    const lastUsed = async () => (await keysOf(tenant.tenant_id)).body.items[0].last_used_at;
    expect(await lastUsed()).toBeNull();

    await resolve(tenant.api_key);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await resolve(tenant.api_key);
    expect(await lastUsed()).toBe(first);

    // A minute later (moved back rather than waited for), the next resolve stamps it again.
    await sql(`UPDATE api_keys SET last_used_at = last_used_at - interval '61 seconds' WHERE id = $1`, [
      tenant.key_id,
    ]);
    const aged = await lastUsed();
    await resolve(tenant.api_key);
    expect(Date.parse(await lastUsed())).toBeGreaterThan(Date.parse(aged) + 60_000);
  });

  it('lets the last key go: the tenant stays, without a working key until a new one is issued', async () => {
    const tenant = await js.tenant('pro');
    const input = await js.upload(tenant.tenant_id);
    const job = await js.http('POST', '/internal/v1/jobs', {
      tenantId: tenant.tenant_id,
      body: js.jobBody(input),
    });
    expect(job.status).toBe(202);

    expect((await revoke(tenant.tenant_id, tenant.key_id)).status).toBe(204);
    expect((await resolve(tenant.api_key)).status).toBe(401);
    const jobs = await js.http('GET', '/internal/v1/jobs', { tenantId: tenant.tenant_id });
    expect(jobs.body.items.map((j: { id: string }) => j.id)).toEqual([job.body.id]);

    const fresh = await issue(tenant.tenant_id);
    expect(await resolve(fresh.body.api_key)).toMatchObject({
      status: 200,
      body: { tenant_id: tenant.tenant_id, key_id: fresh.body.key_id },
    });
  });

  it('answers 404 for an unknown or malformed tenant or key, and never touches another tenant’s key', async () => {
    const tenant = await js.tenant('pro');
    const other = await js.tenant('pro');
    for (const id of [unknownId, 'not-a-uuid', "1' OR '1'='1"]) {
      const path = `/internal/v1/tenants/${encodeURIComponent(id)}/api-keys`;
      for (const answer of [
        await js.http('POST', path),
        await js.http('GET', path),
        await js.http('DELETE', `${path}/${tenant.key_id}`),
      ])
        expect(answer).toMatchObject({ status: 404, body: { error: { code: 'TENANT_NOT_FOUND' } } });
    }
    for (const keyId of [unknownId, 'not-a-uuid', other.key_id])
      expect(await revoke(tenant.tenant_id, encodeURIComponent(keyId))).toMatchObject({
        status: 404,
        body: { error: { code: 'API_KEY_NOT_FOUND' } },
      });
    expect((await resolve(other.api_key)).status).toBe(200);
    expect((await resolve(tenant.api_key)).status).toBe(200);
  });

  it('refuses a revocation feed request without a valid `since`', async () => {
    for (const path of [
      '/internal/v1/api-keys/revocations',
      '/internal/v1/api-keys/revocations?since=yesterday',
    ]) {
      const answer = await js.http('GET', path);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'since' }] },
      });
    }
  });
});
