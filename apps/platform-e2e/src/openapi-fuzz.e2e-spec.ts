import fc from 'fast-check';
import { waitFor } from '@validahub/testing';
import { ApiClient } from './api-client';
import { catalogJob, smallCatalog } from './catalog';
import { FuzzContext, FuzzRequest, malformedRequests } from './fuzz/malformed-requests';
import { OpenApiDocument, Operation, operationsOf } from './fuzz/openapi-operations';
import { Outcome, sendRequest } from './fuzz/send-request';
import { embeddedTarget, PlatformTarget, productionTarget, TargetLifecycle } from './platform-targets';

// Fixed seed and a bounded number of cases per operation: the same requests on every run.
const SEED = 20_261_203;
const CASES_PER_OPERATION = 150;
const CONCURRENCY = 4;
/** A stream resolves at its head; anything else must answer well within this. */
const REQUEST_TIMEOUT_MS = 20_000;

/** What is wrong with an answer, or undefined: below 500, and a 4xx carries the error envelope. */
function problemWith(outcome: Outcome): string | undefined {
  if (outcome.kind === 'no answer') return `no answer (${outcome.reason})`;
  const { status, contentType, body } = outcome;
  if (status >= 500) return `${status} ${body.slice(0, 300)}`;
  if (status < 400) return undefined;
  try {
    const { error } = JSON.parse(body) as { error?: Record<string, unknown> };
    if (
      contentType.includes('application/json') &&
      typeof error?.['code'] === 'string' &&
      typeof error['message'] === 'string' &&
      'correlation_id' in error
    )
      return undefined;
  } catch {
    // not JSON: reported below
  }
  return `${status} without the error envelope (${contentType || 'no content type'}): ${body.slice(0, 200)}`;
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function openApiFuzzSuite({ name, setUp, tearDown }: TargetLifecycle) {
  describe(`OpenAPI fuzzing: ${name}`, () => {
    let target: PlatformTarget;
    let operations: Operation[];
    let context: FuzzContext;

    beforeAll(async () => {
      target = await setUp();
      const anonymous = new ApiClient(target.gatewayUrl);
      const admin = anonymous.as(target.adminToken);
      const tenant = (await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja Fuzz', plan: 'pro' }))
        .body;
      const seller = anonymous.as(tenant.api_key);
      // Admin routes get a tenant of their own to act on, so a revoked key never stops the seller's requests.
      const other = (await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja Alvo', plan: 'free' }))
        .body;
      const otherKey = (await admin.call('POST', `/api/v1/admin/tenants/${other.tenant_id}/api-keys`)).body;
      const upload = (await seller.upload(smallCatalog(5))).body;
      // Two jobs, so that a list has a next page (and a real cursor to start from).
      const [job] = await Promise.all(
        [1, 2].map(async () => {
          const created = (await seller.call('POST', '/api/v1/jobs', catalogJob(upload.uri))).body;
          await waitFor(
            async () => (await seller.job(created.id)).body.status,
            (status) => status === 'succeeded',
            { what: 'the fuzzed job to succeed', timeoutMs: 60_000 },
          );
          return created;
        }),
      );
      const { next_cursor: cursor } = (await seller.call('GET', '/api/v1/jobs?limit=1')).body;
      const document = (await anonymous.call<OpenApiDocument>('GET', '/docs/openapi.json')).body;
      operations = operationsOf(document);
      context = {
        known: {
          id: [job.id],
          tenant_id: [other.tenant_id],
          key_id: [otherKey.key_id],
          name: ['report.json', 'issues.csv', 'corrected.csv'],
          input_uri: [upload.uri],
          marketplace: ['mercado_livre'],
          category: ['electronics'],
          after: ['0'],
          cursor: [cursor],
        },
        credentials: { tenant: tenant.api_key, admin: target.adminToken },
      };
    }, 180_000);

    afterAll(() => tearDown(), 60_000);

    it('covers every route of the document', () => {
      expect(operations.map((o) => o.label)).toEqual(
        expect.arrayContaining([
          'POST /api/v1/jobs',
          'GET /api/v1/jobs/{id}/stream',
          'GET /api/v1/jobs/{id}/artifacts/{name}',
          'POST /api/v1/files',
          'POST /api/v1/validate',
          'DELETE /api/v1/admin/tenants/{tenant_id}/api-keys/{key_id}',
        ]),
      );
      const artifact = operations.find((o) => o.label === 'GET /api/v1/jobs/{id}/artifacts/{name}');
      expect(artifact?.pathParams.map((p) => p.name)).toEqual(['id', 'name']);
    });

    it('answers every malformed request below 500, with the error envelope on 4xx, and no process exits', async () => {
      const cases = operations.flatMap((operation) =>
        fc
          .sample(malformedRequests(operation, context), { seed: SEED, numRuns: CASES_PER_OPERATION })
          .map((request) => ({ operation, request })),
      );
      const problems = new Map<string, { count: number; example: FuzzRequest; problem: string }>();
      await inParallel(cases, CONCURRENCY, async ({ operation, request }) => {
        const problem = problemWith(await sendRequest(target.gatewayUrl, request, REQUEST_TIMEOUT_MS));
        if (!problem) return;
        // One line per route and kind of problem, with the first request that showed it.
        const key = `${operation.label} → ${problem.slice(0, 60)}`;
        const seen = problems.get(key);
        if (seen) seen.count += 1;
        else problems.set(key, { count: 1, example: request, problem });
      });
      const report = [...problems.values()].map(
        ({ count, example, problem }) =>
          `${example.method} ${example.path.slice(0, 120)} [${example.notes.join('; ').slice(0, 400)}] → ${problem} (×${count})`,
      );
      expect(report).toEqual([]);

      for (const [process, pid] of Object.entries(target.processes()))
        expect({ process, alive: pid !== undefined }).toEqual({ process, alive: true });
      const anonymous = new ApiClient(target.gatewayUrl);
      expect((await anonymous.call('GET', '/health/live')).status).toBe(200);
      expect((await anonymous.call('GET', '/health/ready')).status).toBe(200);
    }, 240_000);
  });
}

openApiFuzzSuite(productionTarget());
openApiFuzzSuite(embeddedTarget());
