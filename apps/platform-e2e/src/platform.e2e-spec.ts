import { existsSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readSse, SseMessage, waitFor } from '@validahub/testing';
import { ApiClient } from './api-client';
import { catalogJob, smallCatalog, writeLargeCatalog } from './catalog';
import { Platform } from './platform';

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

describe('ValidaHub platform: three processes on real Postgres and Redis', () => {
  const platform = new Platform();
  let anonymous: ApiClient;
  let admin: ApiClient;
  let seller: ApiClient;
  let sellerTenant: string;
  let otherSeller: ApiClient;

  beforeAll(async () => {
    await platform.start();
    anonymous = new ApiClient(platform.gatewayUrl);
    admin = anonymous.as(platform.adminToken);
    const created = await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja Azul', plan: 'pro' });
    expect(created.status).toBe(201);
    seller = anonymous.as(created.body.api_key);
    sellerTenant = created.body.tenant_id;
    otherSeller = anonymous.as(
      (await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja Verde', plan: 'free' })).body.api_key,
    );
  });

  afterAll(() => platform.dispose());

  afterEach(async () => {
    // A failing test shows what the services said.
    const state = expect.getState() as { assertionCalls: number; suppressedErrors: unknown[] };
    if (state.suppressedErrors.length > 0) process.stderr.write(await platform.logs());
  });

  const submit = async (
    client: ApiClient,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => client.call('POST', '/api/v1/jobs', body, headers);
  const until = (id: string, check: (job: any) => boolean, what: string, timeoutMs = 30_000) =>
    waitFor(async () => (await seller.job(id)).body, check, { what, timeoutMs, intervalMs: 100 });

  it('serves health, queue statistics and the OpenAPI document', async () => {
    expect((await anonymous.call('GET', '/health/live')).body).toEqual({ status: 'ok' });
    expect(await anonymous.call('GET', '/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const queue = await anonymous.call('GET', '/health/queue');
    expect(queue.body).toMatchObject({
      status: 'healthy',
      queue_stats: {
        total_jobs: expect.any(Number),
        queued: expect.any(Number),
        running: expect.any(Number),
        succeeded: expect.any(Number),
        failed: expect.any(Number),
      },
    });
    const openapi = await anonymous.call('GET', '/docs/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/jobs',
        '/api/v1/jobs/{id}',
        '/api/v1/jobs/{id}/retry',
        '/api/v1/files',
        '/api/v1/admin/tenants',
      ]),
    );
    expect((await anonymous.call('GET', '/docs')).status).toBe(200);
  });

  it('authenticates: no key, a wrong key and a wrong admin token are refused', async () => {
    expect(await anonymous.call('GET', '/api/v1/jobs')).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect((await anonymous.call('GET', '/api/v1/jobs')).headers.get('www-authenticate')).toContain('Bearer');
    expect((await anonymous.as('vh_not-a-key').call('GET', '/api/v1/jobs')).status).toBe(401);
    expect(await seller.call('POST', '/api/v1/admin/tenants', { name: 'x', plan: 'pro' })).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect((await seller.call('POST', '/api/v1/admin/maintenance/cleanup')).status).toBe(403);
    expect(await admin.call('POST', '/api/v1/admin/maintenance/cleanup')).toMatchObject({
      status: 200,
      body: { jobs_deleted: 0, batches: 0, older_than: expect.any(String) },
    });
  });

  it('runs a job from upload to succeeded, with downloadable artifacts and the correlation id carried through', async () => {
    const upload = await seller.upload(smallCatalog(20));
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      uri: expect.stringMatching(/^local:\/\//),
      size: Buffer.byteLength(smallCatalog(20)),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const created = await submit(seller, catalogJob(upload.body.uri, { task: 'correct_csv_job' }), {
      'x-correlation-id': 'e2e-flow-1',
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      status: 'queued',
      id: expect.any(String),
      created_at: expect.any(String),
    });
    expect(created.headers.get('x-correlation-id')).toBe('e2e-flow-1');

    const done = await until(created.body.id, (j) => TERMINAL.includes(j.status), 'the job to finish');
    expect(done).toMatchObject({
      status: 'succeeded',
      progress: 100,
      error: null,
      retry_count: 0,
      correlation_id: 'e2e-flow-1',
    });
    expect(done.started_at).not.toBeNull();
    expect(done.finished_at).not.toBeNull();
    expect(done.result.summary.rows).toBe(20);
    expect(done.result.artifacts.map((a: { name: string }) => a.name).sort()).toEqual([
      'corrected.csv',
      'issues.csv',
      'report.json',
    ]);

    const report = await seller.call('GET', `/api/v1/jobs/${done.id}/artifacts/report.json`);
    expect(report.status).toBe(200);
    expect(report.body.summary.rows).toBe(20);
    const corrected = await seller.call('GET', `/api/v1/jobs/${done.id}/artifacts/corrected.csv`);
    expect(corrected.headers.get('content-type')).toContain('text/csv');
    expect(corrected.headers.get('content-disposition')).toContain('attachment');
    // Brazilian prices and "Novo" were fixed.
    expect(corrected.body).toContain('1001.90');
    expect(corrected.body).not.toContain('R$');
    expect(corrected.body.split('\n')[1]).toContain(',new,');
    const issues = await seller.call('GET', `/api/v1/jobs/${done.id}/artifacts/issues.csv`);
    expect(issues.body.split('\n')[0]).toMatch(/^row,line,column,rule,severity,message/);

    expect(done.usage).toMatchObject({
      rows: 20,
      bytes_read: Buffer.byteLength(smallCatalog(20)),
      cpu_ms: expect.any(Number),
    });
    const usage = await seller.call('GET', '/api/v1/usage');
    expect(usage.body.totals.succeeded).toBeGreaterThanOrEqual(1);
    expect(usage.body.totals.rows).toBeGreaterThanOrEqual(20);
    expect(usage.body.cost).toMatchObject({ currency: 'BRL', total: expect.any(Number) });

    const list = await seller.call('GET', '/api/v1/jobs?status=succeeded&limit=5');
    expect(list.body.items.map((j: { id: string }) => j.id)).toContain(done.id);
  });

  it('streams a job’s events through the gateway as Server-Sent Events, and lists its history', async () => {
    const { body: file } = await seller.upload(smallCatalog(5));
    const job = (await submit(seller, catalogJob(file.uri))).body;
    const response = await seller.raw(`/api/v1/jobs/${job.id}/stream`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const types: string[] = [];
    for await (const message of readSse(response.body as ReadableStream<Uint8Array>))
      types.push(message.event ?? '');
    // The stream ends by itself after the terminal event.
    expect(types[0]).toBe('job.queued');
    expect(types).toContain('job.started');
    expect(types[types.length - 1]).toBe('job.completed');
    const history = await seller.call('GET', `/api/v1/jobs/${job.id}/events`);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(types);
    expect(await otherSeller.call('GET', `/api/v1/jobs/${job.id}/events`)).toMatchObject({ status: 404 });
    expect((await otherSeller.call('GET', `/api/v1/jobs/${job.id}/stream`)).status).toBe(404);
  });

  it('resumes a stream through the gateway after Last-Event-ID with only the later events', async () => {
    const { body: file } = await seller.upload(smallCatalog(5));
    const job = (await submit(seller, catalogJob(file.uri))).body;
    const first: SseMessage[] = [];
    // A client that goes away after two events (leaving the loop cancels the response).
    const response = await seller.raw(`/api/v1/jobs/${job.id}/stream`);
    for await (const message of readSse(response.body as ReadableStream<Uint8Array>)) {
      first.push(message);
      if (first.length === 2) break;
    }
    expect(first.map((m) => m.event)).toEqual(['job.queued', 'job.started']);
    const lastEventId = first[1].id ?? '';
    const resumed: SseMessage[] = [];
    const again = await seller.raw(`/api/v1/jobs/${job.id}/stream`, { 'last-event-id': lastEventId });
    for await (const message of readSse(again.body as ReadableStream<Uint8Array>)) resumed.push(message);

    const history = (await seller.call('GET', `/api/v1/jobs/${job.id}/events`)).body.items as {
      id: string;
      type: string;
    }[];
    const later = history.filter((e) => BigInt(e.id) > BigInt(lastEventId));
    expect(later.length).toBeGreaterThan(0);
    expect(resumed.map((m) => [m.id, m.event])).toEqual(later.map((e) => [e.id, e.type]));
    expect(resumed[resumed.length - 1].event).toBe('job.completed');
    for (const message of resumed)
      expect(JSON.parse(message.data)).toMatchObject({ job_id: job.id, tenant_id: sellerTenant });
  });

  it('replays an idempotent request as 200 and refuses the key with another body as 409', async () => {
    const { body: file } = await seller.upload(smallCatalog(3));
    const first = await submit(seller, catalogJob(file.uri, { idempotency_key: 'sync-2026-11-28' }));
    const again = await submit(seller, catalogJob(file.uri, { idempotency_key: 'sync-2026-11-28' }));
    const other = await submit(
      seller,
      catalogJob(file.uri, { idempotency_key: 'sync-2026-11-28', priority: 9 }),
    );
    expect([first.status, again.status, other.status]).toEqual([202, 200, 409]);
    expect(again.body.id).toBe(first.body.id);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 400 listing every bad field, 413 past MAX_FILE_SIZE and 415 for an unknown body type', async () => {
    const bad = await submit(seller, {
      task: 'summon_csv_job',
      params: { marketplace: 'shopee', auto_fix: 'sure' },
      priority: 0,
      metadata: { note: 'x'.repeat(5_000) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(new Set(bad.body.error.details.fields.map((f: { field: string }) => f.field))).toEqual(
      new Set([
        'params.auto_fix',
        'params.category',
        'params.input_uri',
        'params.marketplace',
        'priority',
        'task',
        'metadata',
      ]),
    );
    const notJson = await seller.call('POST', '/api/v1/jobs', '{"task":', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);

    const tooBig = new Uint8Array(3 * 1024 * 1024).fill(65);
    const multipart = await seller.upload(tooBig);
    expect(multipart).toMatchObject({ status: 413, body: { error: { code: 'FILE_TOO_LARGE' } } });
    const raw = await seller.call('POST', '/api/v1/files', tooBig, { 'content-type': 'text/csv' });
    expect(raw).toMatchObject({ status: 413, body: { error: { code: 'FILE_TOO_LARGE' } } });
    const rawOk = await seller.call('POST', '/api/v1/files', smallCatalog(2), { 'content-type': 'text/csv' });
    expect(rawOk.status).toBe(201);
    const unsupported = await seller.call('POST', '/api/v1/files', 'x', { 'content-type': 'image/png' });
    expect(unsupported).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    const noFile = await seller.call('POST', '/api/v1/files', new FormData());
    expect(noFile.status).toBe(400);
    // Nothing half-written was left behind by the refused uploads.
    const inputs = await readdir(join(platform.storageRoot, 'tenants', sellerTenant, 'inputs'));
    expect(inputs.filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('validates a small file synchronously, and sends a large one to the jobs API', async () => {
    const form = (content: string, fields: Record<string, string>) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(fields)) data.append(name, value);
      data.append('file', new Blob([content], { type: 'text/csv' }), 'catalog.csv');
      return data;
    };
    const ok = await seller.call(
      'POST',
      '/api/v1/validate',
      form(smallCatalog(5), { marketplace: 'mercado_livre', category: 'electronics', auto_fix: 'true' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.report).toMatchObject({ marketplace: 'mercado_livre', summary: { rows: 5 } });
    expect(ok.body.report.detection.delimiter).toBe(',');
    expect(ok.body.corrected_csv).toContain('1001.90');
    const plain = await seller.call(
      'POST',
      '/api/v1/validate',
      form(smallCatalog(2), { marketplace: 'mercado_livre', category: 'home' }),
    );
    expect(plain.body.corrected_csv).toBeNull();

    const bad = await seller.call(
      'POST',
      '/api/v1/validate',
      form('a,b\n', { marketplace: 'ebay', auto_fix: 'maybe' }),
    );
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.error.details.fields.map((f: { field: string }) => f.field))).toEqual(
      new Set(['marketplace', 'category', 'auto_fix']),
    );
    const noFile = new FormData();
    noFile.append('marketplace', 'mercado_livre');
    noFile.append('category', 'home');
    const missing = await seller.call('POST', '/api/v1/validate', noFile);
    expect(missing.body.error.details.fields).toEqual([{ field: 'file', message: 'file is required' }]);

    const large = await seller.call(
      'POST',
      '/api/v1/validate',
      form(smallCatalog(2_000), { marketplace: 'mercado_livre', category: 'home' }),
    );
    expect(large).toMatchObject({
      status: 413,
      body: { error: { code: 'FILE_TOO_LARGE', details: { use: '/api/v1/jobs' } } },
    });
  });

  it('refuses what is not a CSV: 422 INPUT_NOT_CSV on the spot, a permanent INPUT_NOT_CSV failure as a job', async () => {
    const fixtures = join(__dirname, '../../../libs/csv-rules/test/content-fixtures/not-csv');
    const png = await readFile(join(fixtures, 'png.png'));
    const xlsx = await readFile(join(fixtures, 'xlsx.xlsx'));
    const form = (content: Uint8Array, filename: string) => {
      const data = new FormData();
      data.append('marketplace', 'mercado_livre');
      data.append('category', 'home');
      data.append('file', new Blob([content]), filename);
      return data;
    };
    expect(await seller.call('POST', '/api/v1/validate', form(png, 'catalog.csv'))).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'INPUT_NOT_CSV',
          message: 'This file looks like a PNG image, not a CSV.',
          details: { looks_like: 'png' },
        },
      },
    });
    const workbook = await seller.call('POST', '/api/v1/validate', form(xlsx, 'catalog.xlsx'));
    expect(workbook).toMatchObject({
      status: 422,
      body: { error: { code: 'INPUT_NOT_CSV', details: { looks_like: 'xlsx' } } },
    });
    expect(workbook.body.error.message).toMatch(
      /^This file looks like an Excel workbook \(\.xlsx\), not a CSV\./,
    );

    const { body: file } = await seller.upload(xlsx, 'catalog.xlsx');
    const job = (await submit(seller, catalogJob(file.uri))).body;
    const failed = await until(job.id, (j) => TERMINAL.includes(j.status), 'the job to fail');
    expect(failed).toMatchObject({
      status: 'failed',
      retry_count: 0,
      result: null,
      error: {
        code: 'INPUT_NOT_CSV',
        message: expect.stringMatching(/^This file looks like an Excel workbook/),
      },
    });
  });

  it('answers a pathological file synchronously with a bounded report that says what it left out', async () => {
    const header = 'sku,title,price,available_quantity,condition,listing_type_id,buying_mode,pictures';
    const csv = `${header}\n${'=x,=x,=x,=x,=x,=x,=x,=x\n'.repeat(2_000)}`;
    const data = new FormData();
    data.append('marketplace', 'mercado_livre');
    data.append('category', 'home');
    data.append('auto_fix', 'true');
    data.append('file', new Blob([csv], { type: 'text/csv' }), 'catalog.csv');
    const answer = await seller.call('POST', '/api/v1/validate', data);
    expect(answer.status).toBe(200);
    const { summary, countsByRule, truncation } = answer.body.report;
    expect(summary.rows).toBe(2_000);
    expect(countsByRule['cell.formula_injection']).toBe(16_000);
    expect(truncation).toMatchObject({
      findingsPerRule: 1000,
      droppedByRule: { 'cell.formula_injection': 15_000 },
    });
    // The documented bound: 7 × input + 14 MiB.
    expect(Buffer.byteLength(JSON.stringify(answer.body))).toBeLessThanOrEqual(
      7 * csv.length + 14 * 1024 * 1024,
    );
  });

  it('keeps tenants apart: another tenant’s job is 404 everywhere', async () => {
    const { body: file } = await seller.upload(smallCatalog(2));
    const job = (await submit(seller, catalogJob(file.uri))).body;
    await until(job.id, (j) => TERMINAL.includes(j.status), 'the job to finish');
    for (const [method, path] of [
      ['GET', `/api/v1/jobs/${job.id}`],
      ['DELETE', `/api/v1/jobs/${job.id}`],
      ['POST', `/api/v1/jobs/${job.id}/retry`],
      ['GET', `/api/v1/jobs/${job.id}/artifacts/report.json`],
    ]) {
      expect(await otherSeller.call(method, path)).toMatchObject({
        status: 404,
        body: { error: { code: 'JOB_NOT_FOUND' } },
      });
    }
    expect(
      (await otherSeller.call('GET', '/api/v1/jobs')).body.items.map((j: { id: string }) => j.id),
    ).not.toContain(job.id);
    // Nor can it point a job at the first tenant's file.
    expect(await submit(otherSeller, catalogJob(file.uri))).toMatchObject({
      status: 400,
      body: { error: { code: 'INPUT_NOT_FOUND' } },
    });
  });

  it('cancels a queued job so that it never runs', async () => {
    await platform.stop('csv-worker');
    const { body: file } = await seller.upload(smallCatalog(5));
    const job = (await submit(seller, catalogJob(file.uri))).body;
    const cancel = await seller.call('DELETE', `/api/v1/jobs/${job.id}`);
    expect(cancel).toMatchObject({
      status: 200,
      body: { id: job.id, status: 'cancelled', message: expect.any(String) },
    });
    await platform.startService('csv-worker');
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await seller.job(job.id)).toMatchObject({
      body: { status: 'cancelled', started_at: null, result: null },
    });
    expect(existsSync(join(platform.storageRoot, 'tenants', sellerTenant, 'jobs', job.id))).toBe(false);
    expect(await seller.call('DELETE', `/api/v1/jobs/${job.id}`)).toMatchObject({
      status: 409,
      body: { error: { code: 'JOB_NOT_CANCELLABLE' } },
    });
  });

  it('cancels a running job: the worker stops within a few seconds and writes no result', async () => {
    // Large enough to run for several seconds; written straight into storage (uploads are capped in this run).
    const key = `tenants/${sellerTenant}/inputs/large-catalog.csv`;
    await writeLargeCatalog(join(platform.storageRoot, key), 300 * 1024 * 1024);
    const job = (await submit(seller, catalogJob(`local://${key}`))).body;
    await until(job.id, (j) => j.status === 'running' && j.progress > 0, 'the job to be running', 60_000);
    const cancelledAt = Date.now();
    expect(await seller.call('DELETE', `/api/v1/jobs/${job.id}`)).toMatchObject({
      status: 200,
      body: { status: 'cancelled' },
    });
    await waitFor(
      async () =>
        (await anonymous.call('GET', '/health/queue')).body.queues.find(
          (q: { name: string }) => q.name === 'queue-pro',
        ).active,
      (active) => active === 0,
      {
        what: 'the worker to let go of the run',
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await seller.job(job.id)).toMatchObject({ body: { status: 'cancelled', result: null } });
    expect(existsSync(join(platform.storageRoot, 'tenants', sellerTenant, 'jobs', job.id))).toBe(false);
  });

  it('removes the folder of a run killed with kill -9 once its redelivery succeeds, and keeps the winner’s', async () => {
    const key = `tenants/${sellerTenant}/inputs/kill-catalog.csv`;
    await writeLargeCatalog(join(platform.storageRoot, key), 50 * 1024 * 1024);
    const job = (await submit(seller, catalogJob(`local://${key}`))).body;
    const jobFolder = join(platform.storageRoot, 'tenants', sellerTenant, 'jobs', job.id);
    await until(job.id, (j) => j.status === 'running' && j.progress > 0, 'the job to be running', 60_000);
    const [killed] = await readdir(jobFolder);
    expect(await readdir(join(jobFolder, killed))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^issues\.csv\.partial-/)]),
    );
    await platform.kill('csv-worker');
    await platform.startService('csv-worker');

    const done = await until(
      job.id,
      (j) => TERMINAL.includes(j.status),
      'the redelivered run to finish',
      120_000,
    );
    expect(done).toMatchObject({ status: 'succeeded', attempt: 1 });
    // The sweep runs once the job's change has committed, a moment after the API shows it.
    const folders = await waitFor(
      () => readdir(jobFolder),
      (names) => names.length === 1,
      { what: 'the killed run’s folder to be swept', timeoutMs: 10_000 },
    );
    expect(folders[0]).not.toBe(killed);
    expect((await readdir(join(jobFolder, folders[0]))).sort()).toEqual(
      done.result.artifacts.map((a: { name: string }) => a.name).sort(),
    );
    const report = await seller.call('GET', `/api/v1/jobs/${job.id}/artifacts/report.json`);
    expect(report).toMatchObject({ status: 200, body: { summary: { rows: done.result.summary.rows } } });
  });

  it('retries a failed job', async () => {
    await platform.stop('csv-worker');
    const { body: file } = await seller.upload(smallCatalog(4));
    const job = (await submit(seller, catalogJob(file.uri))).body;
    // The input disappears before a worker gets to it: a permanent failure.
    const path = join(platform.storageRoot, file.uri.replace('local://', ''));
    await rename(path, `${path}.away`);
    await platform.startService('csv-worker');
    const failed = await until(job.id, (j) => TERMINAL.includes(j.status), 'the job to fail');
    expect(failed).toMatchObject({ status: 'failed', retry_count: 0, error: { code: 'INPUT_NOT_FOUND' } });
    await rename(`${path}.away`, path);
    expect(await seller.call('POST', `/api/v1/jobs/${job.id}/retry`)).toMatchObject({
      status: 202,
      body: { status: 'queued', attempt: 2 },
    });
    const retried = await until(
      job.id,
      (j) => TERMINAL.includes(j.status) && j.attempt === 2,
      'the retry to finish',
    );
    expect(retried).toMatchObject({ status: 'succeeded', error: null, result: { summary: { rows: 4 } } });
    expect(await seller.call('POST', `/api/v1/jobs/${job.id}/retry`)).toMatchObject({
      status: 409,
      body: { error: { code: 'JOB_NOT_RETRYABLE' } },
    });
  });

  it('serves the queue dashboard at /admin/queues behind the admin credential, showing the four plan queues', async () => {
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`,
    });
    const refused = await anonymous.call('GET', '/admin/queues');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    const wrongPassword = await anonymous.call('GET', '/admin/queues', undefined, basic('not-the-token'));
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await seller.call('GET', '/admin/queues')).status).toBe(403);
    expect((await anonymous.call('GET', '/admin/queues/api/queues')).status).toBe(401);

    // A browser logs in with Basic; the page's scripts and API calls all live under /admin/queues.
    const page = await anonymous.call('GET', '/admin/queues', undefined, basic(platform.adminToken));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('<base href="/admin/queues/" />');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await anonymous.call(
      'GET',
      `/admin/queues/${script}`,
      undefined,
      basic(platform.adminToken),
    );
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.body.length).toBeGreaterThan(1000);
    expect((await anonymous.call('GET', `/admin/queues/${script}`)).status).toBe(401);

    const api = await admin.call('GET', '/admin/queues/api/queues?activeQueue=queue-pro&status=latest');
    expect(api.status).toBe(200);
    const queues = api.body.queues as {
      name: string;
      readOnlyMode: boolean;
      counts: Record<string, number>;
    }[];
    expect(queues.map((q) => q.name).sort()).toEqual(
      ['queue-business', 'queue-enterprise', 'queue-free', 'queue-pro'].sort(),
    );
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    // The pro seller's jobs of the tests above ran through queue-pro (BullMQ keeps completed ones an hour).
    const pro = queues.find((q) => q.name === 'queue-pro');
    expect(pro?.counts['completed']).toBeGreaterThan(0);

    // The job-service serves it only to the gateway (the internal token).
    const direct = await fetch(`${platform.urlOf('job-service')}/internal/v1/queue-dashboard/api/queues`);
    expect(direct.status).toBe(403);
  });

  // Last: it stops the job-service, and every other test needs it.
  it('answers 503 with Retry-After while the job-service is down, and recovers once it is back', async () => {
    const { body: file } = await seller.upload(smallCatalog(2));
    const job = (await submit(seller, catalogJob(file.uri))).body;
    await until(job.id, (j) => TERMINAL.includes(j.status), 'the job to finish');

    expect(await platform.stop('job-service')).toBe(0);
    try {
      const down = await seller.job(job.id);
      expect(down).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await anonymous.call('GET', '/health/ready')).toMatchObject({
        status: 503,
        body: { status: 'error', job_service: 'unreachable' },
      });
    } finally {
      await platform.startService('job-service');
    }

    await waitFor(
      async () => (await anonymous.call('GET', '/health/ready')).status,
      (status) => status === 200,
      { what: 'the platform to be ready again', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(await seller.job(job.id)).toMatchObject({
      status: 200,
      body: { id: job.id, status: 'succeeded' },
    });
  });
});
