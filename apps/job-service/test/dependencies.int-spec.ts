import { JobResult } from '@validahub/job-contracts';
import { waitFor } from '@validahub/testing';
import { JobServiceHarness } from './job-service.harness';

/** Job dependencies (`depends_on`) and `job://` inputs, on the real Postgres and Redis. */
describe('job dependencies (real Postgres and Redis)', () => {
  const js = new JobServiceHarness();
  let tenantId: string;
  let otherTenantId: string;
  let capture: ReturnType<JobServiceHarness['captureRuns']>;

  beforeAll(async () => {
    await js.start();
    tenantId = (await js.tenant('pro')).tenant_id;
    otherTenantId = (await js.tenant('pro')).tenant_id;
    capture = js.captureRuns();
  });
  afterAll(async () => {
    await capture?.close();
    await js.dispose();
  });

  const create = async (overrides: Record<string, unknown> = {}, tenant = tenantId, input?: string) =>
    js.http('POST', '/internal/v1/jobs', {
      tenantId: tenant,
      body: js.jobBody(input ?? (await js.upload(tenant)), overrides),
    });
  const created = async (overrides: Record<string, unknown> = {}, input?: string) => {
    const answer = await create(overrides, tenantId, input);
    if (answer.status !== 202) throw new Error(`create: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { id: string };
  };
  const getJob = async (id: string, tenant = tenantId) =>
    (await js.http('GET', `/internal/v1/jobs/${id}`, { tenantId: tenant })).body;
  const untilStatus = (id: string, status: string) =>
    waitFor(
      () => getJob(id),
      (j) => j.status === status,
      { what: `${id} ${status}`, timeoutMs: 15_000 },
    );
  const runOf = (id: string) => capture.runs.find((r) => r.payload.jobId === id);
  const dispatched = (id: string) =>
    waitFor(
      () => runOf(id),
      (r) => r !== undefined,
      { what: `the run of ${id}`, timeoutMs: 15_000 },
    );

  /** A successful run of `id` whose artifacts lie in the job's own folder, as a worker writes them. */
  function resultOf(id: string, names: string[]): JobResult {
    return {
      summary: { rows: 1, valid: 1, invalid: 0, fixed: 0 },
      artifacts: names.map((name) => ({
        name,
        key: `tenants/${tenantId}/jobs/${id}/attempt-1-abcd1234/${name}`,
        size: 10,
        sha256: 'a'.repeat(64),
        contentType: 'text/csv',
      })),
      usage: { cpuMs: 1, rows: 1, bytesRead: 10, bytesWritten: 10 },
    };
  }
  async function succeed(id: string, artifacts = ['report.json', 'corrected.csv']) {
    await dispatched(id);
    await js.sendEvent({ type: 'started', jobId: id, attempt: 1 });
    await js.sendEvent({ type: 'completed', jobId: id, attempt: 1, result: resultOf(id, artifacts) });
    await untilStatus(id, 'succeeded');
  }

  it('refuses unknown, foreign and malformed dependencies, naming the field', async () => {
    const foreign = (await create({}, otherTenantId)).body.id;
    const mine = (await created()).id;
    const unknown = await create({ depends_on: [mine, '00000000-0000-4000-8000-000000000000', foreign] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'DEPENDENCY_NOT_FOUND',
      details: {
        fields: [
          { field: 'depends_on[1]', message: expect.stringContaining('not one of your jobs') },
          { field: 'depends_on[2]', message: expect.stringContaining('not one of your jobs') },
        ],
      },
    });
    for (const depends_on of [['not-a-uuid'], [mine, mine], 'x', Array.from({ length: 21 }, () => mine)]) {
      const answer = await create({ depends_on });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(answer.body.error.details)).toContain('depends_on');
    }
  });

  it('keeps a dependent queued and undispatched until its dependencies succeed, and says what it waits for', async () => {
    const first = (await created()).id;
    const second = (await created()).id;
    const dependent = (await created({ depends_on: [first, second] })).id;
    await dispatched(first);
    await dispatched(second);
    const waiting = await getJob(dependent);
    expect(waiting).toMatchObject({ status: 'queued', depends_on: [first, second] });
    expect([...waiting.waiting_for].sort()).toEqual([first, second].sort());
    const events = (await js.http('GET', `/internal/v1/jobs/${dependent}/events`, { tenantId })).body.items;
    expect(events[0]).toMatchObject({ type: 'job.queued', message: expect.stringContaining(first) });
    expect(events[0].message).toContain(second);

    await succeed(first);
    expect((await getJob(dependent)).waiting_for).toEqual([second]);
    // A job created after the success is dispatched by a later pass: the dependent is still not in the queue.
    await dispatched((await created()).id);
    expect(runOf(dependent)).toBeUndefined();

    await succeed(second);
    await dispatched(dependent);
    expect((await getJob(dependent)).waiting_for).toEqual([]);
  });

  it('cancels dependents, transitively, with DEPENDENCY_FAILED when a dependency fails', async () => {
    const root = (await created()).id;
    const child = (await created({ depends_on: [root] })).id;
    const grandchild = (await created({ depends_on: [child] })).id;
    await dispatched(root);
    await js.sendEvent({
      type: 'failed',
      jobId: root,
      attempt: 1,
      error: { code: 'INPUT_NOT_CSV', message: 'not a CSV', transient: false },
    });
    for (const id of [child, grandchild]) {
      const job = await untilStatus(id, 'cancelled');
      expect(job.error).toEqual({
        code: 'DEPENDENCY_FAILED',
        message: expect.stringContaining('Dependency'),
      });
    }
    expect((await getJob(child)).error.message).toBe(`Dependency ${root} failed`);
    expect((await getJob(grandchild)).error.message).toBe(`Dependency ${child} was cancelled`);
    const events = (await js.http('GET', `/internal/v1/jobs/${child}/events`, { tenantId })).body.items;
    expect(events.at(-1)).toMatchObject({ type: 'job.cancelled', error_code: 'DEPENDENCY_FAILED' });
    expect(runOf(child)).toBeUndefined();
  });

  it('cancels a dependent when its dependency is cancelled', async () => {
    const root = (await created()).id;
    const child = (await created({ depends_on: [root] })).id;
    await js.http('DELETE', `/internal/v1/jobs/${root}`, { tenantId });
    expect((await untilStatus(child, 'cancelled')).error.code).toBe('DEPENDENCY_FAILED');
  });

  it("reads another job's artifact through job://, resolved to its storage URI at dispatch", async () => {
    const source = (await created({ task: 'correct_csv_job' })).id;
    const reader = await created({}, `job://${source}/corrected.csv`);
    expect((await getJob(reader.id)).depends_on).toEqual([source]);
    expect((await getJob(reader.id)).params.input_uri).toBe(`job://${source}/corrected.csv`);
    await succeed(source);
    const run = await dispatched(reader.id);
    expect(run?.payload.params.input_uri).toBe(
      js.storage.uriFor(`tenants/${tenantId}/jobs/${source}/attempt-1-abcd1234/corrected.csv`),
    );
    // Once the source succeeded, a reference to an artifact it does not have is refused at once.
    const missing = await create({}, tenantId, `job://${source}/issues.csv`);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'INPUT_NOT_FOUND',
      details: {
        fields: [{ field: 'params.input_uri', message: expect.stringContaining('no artifact issues.csv') }],
      },
    });
  });

  it('refuses job:// inputs of other tenants, unknown jobs, dot segments and unknown artifact names', async () => {
    const mine = (await created()).id;
    const theirs = (await create({}, otherTenantId)).body.id;
    const hostile = [
      `job://${theirs}/corrected.csv`,
      'job://00000000-0000-4000-8000-000000000000/corrected.csv',
      `job://${mine}/../inputs/x.csv`,
      `job://${mine}/./corrected.csv`,
      `job://${mine}/%2e%2e/corrected.csv`,
      `job://${mine}/corrected.csv/..`,
      `job://${mine}/secret.txt`,
      `job://${mine}/`,
      `job://${mine}`,
      'job://../../etc/passwd',
      'job://',
    ];
    for (const uri of hostile) {
      const answer = await create({}, tenantId, uri);
      expect({ uri, status: answer.status, code: answer.body.error?.code }).toEqual({
        uri,
        status: 400,
        code: 'INPUT_NOT_FOUND',
      });
      expect(answer.body.error.details.fields[0].field).toBe('params.input_uri');
    }
  });

  it('fails a job:// reader with INPUT_ARTIFACT_NOT_FOUND when its source succeeds without that artifact', async () => {
    const source = (await created()).id;
    const reader = (await created({}, `job://${source}/corrected.csv`)).id;
    await succeed(source, ['report.json']);
    const failed = await untilStatus(reader, 'failed');
    expect(failed.error).toEqual({
      code: 'INPUT_ARTIFACT_NOT_FOUND',
      message: expect.stringContaining(source),
    });
    expect(runOf(reader)).toBeUndefined();
  });
});
