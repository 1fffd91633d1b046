import { waitFor } from '@validahub/testing';
import { ApiClient } from './api-client';
import { catalogJob, smallCatalog } from './catalog';
import { Platform } from './platform';

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

/** A validation without fixes of `inputUri`. */
const plainValidation = (inputUri: string) => ({
  task: 'validate_csv_job',
  params: { input_uri: inputUri, marketplace: 'mercado_livre', category: 'electronics', auto_fix: false },
});

/** A chain of jobs through the public API: correct a catalog, then validate its corrected file via job://. */
describe('job dependencies end to end (three processes on real Postgres and Redis)', () => {
  const platform = new Platform();
  let seller: ApiClient;
  let stranger: ApiClient;

  beforeAll(async () => {
    await platform.start();
    const admin = new ApiClient(platform.gatewayUrl).as(platform.adminToken);
    const tenant = async (name: string) =>
      new ApiClient(platform.gatewayUrl).as(
        (await admin.call('POST', '/api/v1/admin/tenants', { name, plan: 'pro' })).body.api_key,
      );
    seller = await tenant('Loja Encadeada');
    stranger = await tenant('Loja Curiosa');
  });
  afterAll(() => platform.dispose());

  afterEach(async () => {
    const state = expect.getState() as { suppressedErrors: unknown[] };
    if (state.suppressedErrors.length > 0) process.stderr.write(await platform.logs());
  });

  const finished = (client: ApiClient, id: string) =>
    waitFor(
      async () => (await client.job(id)).body,
      (j) => TERMINAL.includes(j.status),
      {
        what: `job ${id} to finish`,
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );

  it('corrects a catalog, then validates its corrected.csv as a dependent job', async () => {
    const upload = await seller.upload(smallCatalog(20));
    const correct = await seller.call(
      'POST',
      '/api/v1/jobs',
      catalogJob(upload.body.uri, { task: 'correct_csv_job' }),
    );
    expect(correct.status).toBe(202);
    // Submitted at once, before the correction ran: it waits for it.
    const validate = await seller.call(
      'POST',
      '/api/v1/jobs',
      plainValidation(`job://${correct.body.id}/corrected.csv`),
    );
    // The same validation of the original file, to compare with.
    const original = await seller.call('POST', '/api/v1/jobs', plainValidation(upload.body.uri));
    expect(validate.status).toBe(202);
    expect(validate.body).toMatchObject({ status: 'queued', depends_on: [correct.body.id] });

    const corrected = await finished(seller, correct.body.id);
    expect(corrected.status).toBe('succeeded');
    expect(corrected.result.summary.fixed).toBeGreaterThan(0);
    const validated = await finished(seller, validate.body.id);
    expect(validated).toMatchObject({ status: 'succeeded', error: null, depends_on: [correct.body.id] });
    expect(validated.params.input_uri).toBe(`job://${correct.body.id}/corrected.csv`);
    // It read the corrected file: the same rows, fewer of them invalid than in the original.
    const before = await finished(seller, original.body.id);
    expect(validated.result.summary.rows).toBe(20);
    expect(validated.result.summary.invalid).toBeLessThan(before.result.summary.invalid);
  });

  it("refuses another tenant's artifact and unknown dependencies with 400 and the field", async () => {
    const upload = await seller.upload(smallCatalog(2));
    const mine = (await seller.call('POST', '/api/v1/jobs', catalogJob(upload.body.uri))).body.id;
    const theirs = await stranger.call('POST', '/api/v1/jobs', {
      task: 'validate_csv_job',
      params: {
        input_uri: `job://${mine}/report.json`,
        marketplace: 'mercado_livre',
        category: 'electronics',
      },
    });
    expect(theirs.status).toBe(400);
    expect(theirs.body.error).toMatchObject({
      code: 'INPUT_NOT_FOUND',
      details: { fields: [{ field: 'params.input_uri' }] },
    });
    const unknown = await stranger.call('POST', '/api/v1/jobs', {
      ...catalogJob((await stranger.upload(smallCatalog(2))).body.uri),
      depends_on: [mine],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'DEPENDENCY_NOT_FOUND',
      details: { fields: [{ field: 'depends_on[0]' }] },
    });
  });
});
