import { waitFor } from '@validahub/testing';
import { ApiClient } from './api-client';
import { Platform } from './platform';

// Two gateway replicas, each with its own API-key cache, kept far longer than any test runs: a revoked key
// can only be refused in time if the revocation reaches every replica's cache.
describe('API keys: rotation and revocation across two gateway replicas', () => {
  const platform = new Platform({
    gateways: 2,
    env: { 'api-gateway': { AUTH_CACHE_TTL_MS: '600000', API_KEY_REVOCATION_POLL_MS: '250' } },
  });
  let gateways: ApiClient[];
  let admin: ApiClient;

  beforeAll(async () => {
    await platform.start();
    gateways = (['api-gateway', 'api-gateway-2'] as const).map((g) => new ApiClient(platform.urlOf(g)));
    admin = gateways[0].as(platform.adminToken);
  });
  afterAll(() => platform.dispose());
  afterEach(async () => {
    const state = expect.getState() as { suppressedErrors: unknown[] };
    if (state.suppressedErrors.length > 0) process.stderr.write(await platform.logs());
  });

  const statusWith = async (gateway: ApiClient, apiKey: string) =>
    (await gateway.as(apiKey).call('GET', '/api/v1/jobs')).status;
  /** The job-service's request log lines for key lookups so far. */
  const lookups = async () =>
    (await platform.jsonLogs()).filter((l) => l['path'] === '/internal/v1/api-keys/resolve').length;

  it('rotates a key: both work on every replica, the list shows no secret, the revoked one is refused everywhere within 1 s', async () => {
    const tenant = await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja Rotativa', plan: 'pro' });
    expect(tenant.status).toBe(201);
    expect(tenant.body).toMatchObject({ tenant_id: expect.any(String), key_id: expect.any(String) });
    const { tenant_id: tenantId, key_id: oldKeyId, api_key: oldKey } = tenant.body;
    const keysPath = `/api/v1/admin/tenants/${tenantId}/api-keys`;

    const issued = await admin.call('POST', keysPath);
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ key_id: expect.any(String), api_key: expect.stringMatching(/^vh_/) });
    const { key_id: newKeyId, api_key: newKey } = issued.body;

    // Both keys work on both replicas, which now hold them in their caches.
    for (const gateway of gateways)
      for (const key of [oldKey, newKey]) expect(await statusWith(gateway, key)).toBe(200);

    // The caches serve: more requests with these keys cost (next to) no lookup. A lookup of an unknown key
    // afterwards marks the point in the job-service's log up to which every earlier lookup is written. Not
    // "none": a replica whose feed read stalled for a second looks keys up meanwhile, by design.
    const before = await lookups();
    for (const gateway of gateways)
      for (const key of [oldKey, newKey, oldKey, newKey]) expect(await statusWith(gateway, key)).toBe(200);
    expect(await statusWith(gateways[1], 'vh_unknown-key')).toBe(401);
    await waitFor(lookups, (n) => n > before, { what: 'the unknown key’s lookup in the log' });
    expect((await lookups()) - before - 1).toBeLessThan(8);

    const list = await admin.call('GET', keysPath);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        key_id: newKeyId,
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        revoked_at: null,
      },
      {
        key_id: oldKeyId,
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        revoked_at: null,
      },
    ]);
    for (const secret of [oldKey, newKey]) expect(JSON.stringify(list.body)).not.toContain(secret);

    const revoked = await admin.call('DELETE', `${keysPath}/${oldKeyId}`);
    expect(revoked.status).toBe(204);
    await Promise.all(
      gateways.map((gateway, i) =>
        waitFor(
          () => statusWith(gateway, oldKey),
          (status) => status === 401,
          { timeoutMs: 1_000, intervalMs: 20, what: `the revoked key to be refused by gateway ${i + 1}` },
        ),
      ),
    );
    const refused = await gateways[1].as(oldKey).call('GET', '/api/v1/jobs');
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    for (const gateway of gateways) expect(await statusWith(gateway, newKey)).toBe(200);

    const after = await admin.call('GET', keysPath);
    expect(
      after.body.items.map((k: { key_id: string; revoked_at: string | null }) => [k.key_id, k.revoked_at]),
    ).toEqual([
      [newKeyId, null],
      [oldKeyId, expect.any(String)],
    ]);
  });

  it('answers 404 for an unknown tenant or key, and keeps the key routes to the admin', async () => {
    const tenant = (await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja 404', plan: 'free' }))
      .body;
    const keysPath = `/api/v1/admin/tenants/${tenant.tenant_id}/api-keys`;
    expect(await admin.call('DELETE', `${keysPath}/00000000-0000-4000-8000-000000000000`)).toMatchObject({
      status: 404,
      body: { error: { code: 'API_KEY_NOT_FOUND' } },
    });
    expect((await admin.call('DELETE', `${keysPath}/not-a-key-id`)).status).toBe(404);
    for (const tenantId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid'])
      for (const [method, suffix] of [
        ['POST', ''],
        ['GET', ''],
        ['DELETE', `/${tenant.key_id}`],
      ])
        expect(await admin.call(method, `/api/v1/admin/tenants/${tenantId}/api-keys${suffix}`)).toMatchObject(
          { status: 404, body: { error: { code: 'TENANT_NOT_FOUND' } } },
        );

    const seller = gateways[0].as(tenant.api_key);
    for (const [method, path] of [
      ['POST', keysPath],
      ['GET', keysPath],
      ['DELETE', `${keysPath}/${tenant.key_id}`],
    ]) {
      expect((await seller.call(method, path)).status).toBe(403);
      expect((await gateways[0].call(method, path)).status).toBe(401);
    }
    expect(await statusWith(gateways[0], tenant.api_key)).toBe(200);

    const openapi = await gateways[0].call('GET', '/docs/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/admin/tenants/{tenant_id}/api-keys',
        '/api/v1/admin/tenants/{tenant_id}/api-keys/{key_id}',
      ]),
    );
  });
});
