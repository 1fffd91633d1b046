import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { waitFor } from '@validahub/testing';
import { ApiClient } from './api-client';
import { catalogJob, smallCatalog } from './catalog';
import { freePort } from './platform';
import { embeddedTarget, PlatformTarget, productionTarget, TargetLifecycle } from './platform-targets';
import { abortedUpload, rawRequest } from './raw-http';

const ROOT = resolve(__dirname, '../../..');

/** Every file under `root`, relative (to look for upload leftovers). */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

/** The files a process holds open under `root` (Linux: its /proc fd table). */
async function openFilesUnder(pid: number, root: string): Promise<string[]> {
  const fds = await readdir(`/proc/${pid}/fd`);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith(root));
}

const TRUNCATED_FORM =
  '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nsku\r\n1';

/** A catalog whose unclosed quote makes the parser read to the end of the file looking for its close. */
function unclosedQuoteCatalog(bytes: number): string {
  const row = 'SKU-1,"Fone de ouvido Bluetooth, ' + 'x'.repeat(60) + '\n';
  return 'sku,title,price\n' + row.repeat(Math.ceil(bytes / row.length));
}

function multipart(fields: Record<string, string>, file: string): { body: Buffer; type: string } {
  const boundary = 'vh-security-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`,
  );
  return { body: Buffer.from(parts.join('')), type: `multipart/form-data; boundary=${boundary}` };
}

function hostileTrafficSuite({ name, setUp, tearDown }: TargetLifecycle) {
  describe(`hostile traffic: ${name}`, () => {
    let target: PlatformTarget;
    let anonymous: ApiClient;
    let admin: ApiClient;
    let seller: ApiClient;

    beforeAll(async () => {
      target = await setUp();
      anonymous = new ApiClient(target.gatewayUrl);
      admin = anonymous.as(target.adminToken);
      const tenant = await admin.call('POST', '/api/v1/admin/tenants', { name: 'Loja Segura', plan: 'pro' });
      expect(tenant.status).toBe(201);
      seller = anonymous.as(tenant.body.api_key);
    }, 180_000);

    afterAll(() => tearDown(), 60_000);

    afterEach(async () => {
      // Whatever a test threw at it, the gateway is still up and answering.
      expect(target.gatewayPid()).toBeDefined();
      expect((await anonymous.call('GET', '/health/live')).status).toBe(200);
    });

    describe('the internal API is the gateway’s alone', () => {
      const internalRoutes: [string, string, string?][] = [
        ['POST', '/internal/v1/tenants', JSON.stringify({ name: 'Intruder', plan: 'enterprise' })],
        ['POST', '/INTERNAL/v1/tenants', JSON.stringify({ name: 'Intruder', plan: 'enterprise' })],
        ['POST', '/Internal/V1/Tenants', JSON.stringify({ name: 'Intruder', plan: 'enterprise' })],
        ['POST', '/internal/v1/api-keys/resolve', JSON.stringify({ api_key: 'vh_x' })],
        ['POST', '/INTERNAL/v1/api-keys/resolve', JSON.stringify({ api_key: 'vh_x' })],
        ['GET', '/INTERNAL/v1/jobs'],
        ['GET', '/internal/v1/./jobs'],
        ['GET', '/internal/v1/%2e/jobs'],
        ['GET', '//internal/v1/jobs'],
        ['GET', '/health/../internal/v1/jobs'],
        ['GET', '/INTERNAL/v1/queue-dashboard/api/queues'],
        ['GET', '/internal/v1/stats/queue'],
        ['GET', '/INTERNAL/v1/usage'],
        ['POST', '/INTERNAL/v1/maintenance/cleanup'],
        ['POST', '/internal/v1/maintenance/cleanup'],
      ];

      it.each(internalRoutes.map(([method, path, body]) => ({ method, path, body })))(
        '$method $path without the token → refused',
        async ({ method, path, body }) => {
          const answer = await rawRequest(target.jobServiceUrl, method, path, {
            headers: {
              'content-type': 'application/json',
              'x-tenant-id': '00000000-0000-4000-8000-000000000000',
            },
            body,
          });
          expect([403, 404]).toContain(answer.status);
        },
      );

      it('refuses a wrong token of the right length, and a token in another header', async () => {
        const wrong = await rawRequest(target.jobServiceUrl, 'POST', '/internal/v1/tenants', {
          headers: { 'content-type': 'application/json', 'x-internal-token': 'f'.repeat(48) },
          body: JSON.stringify({ name: 'Intruder', plan: 'free' }),
        });
        expect(wrong.status).toBe(403);
        const elsewhere = await rawRequest(target.jobServiceUrl, 'GET', '/internal/v1/stats/queue', {
          headers: { authorization: 'Bearer anything' },
        });
        expect(elsewhere.status).toBe(403);
      });

      it('still answers its health probes to anyone', async () => {
        expect((await rawRequest(target.jobServiceUrl, 'GET', '/health/live')).status).toBe(200);
        expect((await rawRequest(target.jobServiceUrl, 'GET', '/health/ready')).status).toBe(200);
      });
    });

    describe('no malformed request takes the gateway down', () => {
      it.each(['/api/v1/files', '/api/v1/validate'])(
        'a truncated multipart body on %s → 400, and nothing is left on disk',
        async (path) => {
          const answer = await rawRequest(target.gatewayUrl, 'POST', path, {
            headers: {
              authorization: `Bearer ${seller.token}`,
              'content-type': 'multipart/form-data; boundary=XYZ',
              'content-length': String(Buffer.byteLength(TRUNCATED_FORM)),
            },
            body: TRUNCATED_FORM,
          });
          expect(answer.status).toBe(400);
          expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
          expect((await filesUnder(target.storageRoot)).filter((f) => f.includes('.partial-'))).toEqual([]);
        },
      );

      it('an upload aborted midway leaves no partial file and no open descriptor', async () => {
        const before = await filesUnder(target.storageRoot);
        const chunk = Buffer.from(smallCatalog(2_000));
        await abortedUpload(
          target.gatewayUrl,
          '/api/v1/files',
          {
            authorization: `Bearer ${seller.token}`,
            'content-type': 'text/csv',
          },
          chunk,
          chunk.length * 10,
        );
        const pid = target.gatewayPid() as number;
        await waitFor(
          async () => ({
            partial: (await filesUnder(target.storageRoot)).filter((f) => f.includes('.partial-')),
            open: await openFilesUnder(pid, target.storageRoot),
          }),
          (state) => state.partial.length === 0 && state.open.length === 0,
          { what: 'the aborted upload to be cleaned up', timeoutMs: 10_000 },
        );
        expect(await filesUnder(target.storageRoot)).toEqual(before);
      });

      it('a JSON body over the limit → 413 PAYLOAD_TOO_LARGE', async () => {
        const huge = {
          task: 'validate_csv_job',
          params: {},
          metadata: { blob: 'x'.repeat(2 * 1024 * 1024) },
        };
        expect(await seller.call('POST', '/api/v1/jobs', huge)).toMatchObject({
          status: 413,
          body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
        });
      });

      it('JSON nested 20,000 levels deep → 400, and malformed JSON → 400', async () => {
        const deep = '['.repeat(20_000) + ']'.repeat(20_000);
        expect(
          await seller.call('POST', '/api/v1/jobs', `{"metadata":${deep}}`, {
            'content-type': 'application/json',
          }),
        ).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
        expect(
          await seller.call('POST', '/api/v1/jobs', '{"task": "validate_csv_job",', {
            'content-type': 'application/json',
          }),
        ).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
      });

      it('sets security headers and does not advertise its framework', async () => {
        const answer = await anonymous.call('GET', '/health/live');
        expect(answer.headers.get('x-powered-by')).toBeNull();
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      });
    });

    describe('synchronous validation runs off the event loop', () => {
      it('keeps /health/live answering while hostile files are validated, and refuses past its capacity', async () => {
        const { body, type } = multipart(
          { marketplace: 'mercado_livre', category: 'electronics' },
          unclosedQuoteCatalog(2 * 1024 * 1024),
        );
        const token = seller.token as string;
        const validations = Array.from({ length: 12 }, () =>
          rawRequest(target.gatewayUrl, 'POST', '/api/v1/validate', {
            headers: { authorization: `Bearer ${token}`, 'content-type': type },
            body,
          }),
        );
        let settled = 0;
        validations.forEach((v) => void v.then(() => settled++));
        // Liveness answers while validations are still in flight.
        const live = await anonymous.call('GET', '/health/live');
        expect(live.status).toBe(200);
        expect(settled).toBeLessThan(validations.length);
        const answers = await Promise.all(validations);
        for (const answer of answers) expect([200, 503]).toContain(answer.status);
        const refused = answers.filter((a) => a.status === 503);
        expect(refused.length).toBeGreaterThan(0);
        expect(JSON.parse(refused[0].body)).toMatchObject({ error: { code: 'VALIDATION_BUSY' } });
        expect(refused[0].headers['retry-after']).toMatch(/^\d+$/);
        expect(answers.some((a) => a.status === 200)).toBe(true);
      });
    });

    describe('paths cannot be bent to reach other routes', () => {
      let jobId: string;

      beforeAll(async () => {
        const file = await seller.upload(smallCatalog(3));
        jobId = (await seller.call('POST', '/api/v1/jobs', catalogJob(file.body.uri))).body.id;
      });

      it.each([
        ['GET', '/api/v1/jobs/%2e'],
        ['GET', '/api/v1/jobs/%2E%2E'],
        ['GET', '/api/v1/jobs/not-a-uuid'],
        ['DELETE', '/api/v1/jobs/%2e'],
        ['POST', '/api/v1/jobs/%2e%2e/retry'],
        ['GET', '/api/v1/jobs/%2e/events'],
      ])('%s %s → 404 JOB_NOT_FOUND', async (method, path) => {
        const answer = await rawRequest(target.gatewayUrl, method, path, {
          headers: { authorization: `Bearer ${seller.token}` },
        });
        expect(answer.status).toBe(404);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'JOB_NOT_FOUND' } });
      });

      it.each(['%2e%2e', '%2e', '..%2f..%2fjobs', 'report.JSON', 'secret.txt'])(
        'an artifact named %s → 404 ARTIFACT_NOT_FOUND',
        async (name) => {
          const answer = await rawRequest(
            target.gatewayUrl,
            'GET',
            `/api/v1/jobs/${jobId}/artifacts/${name}`,
            {
              headers: { authorization: `Bearer ${seller.token}` },
            },
          );
          expect(answer.status).toBe(404);
          expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'ARTIFACT_NOT_FOUND' } });
        },
      );

      it.each([
        ['GET', '/api/v1/admin/tenants/%2e%2e/api-keys', 'TENANT_NOT_FOUND'],
        ['POST', '/api/v1/admin/tenants/%2e/api-keys', 'TENANT_NOT_FOUND'],
        [
          'DELETE',
          `/api/v1/admin/tenants/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/api-keys/%2e%2e`,
          'API_KEY_NOT_FOUND',
        ],
      ])('admin %s %s → 404 %s', async (method, path, code) => {
        const answer = await rawRequest(target.gatewayUrl, method, path, {
          headers: { authorization: `Bearer ${target.adminToken}` },
        });
        expect(answer.status).toBe(404);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code } });
      });

      it('the public API matches its paths as written', async () => {
        const upper = await rawRequest(target.gatewayUrl, 'GET', `/API/V1/JOBS/${jobId}`, {
          headers: { authorization: `Bearer ${seller.token}` },
        });
        expect(upper.status).toBe(404);
      });

      it.each([
        '/admin/queues/%2e%2e/stats/queue',
        '/admin/queues/..%2f..%2fstats/queue',
        '/admin/queues/%2E%2E/jobs',
      ])('the dashboard relay does not forward %s outside the dashboard', async (path) => {
        const answer = await rawRequest(target.gatewayUrl, 'GET', path, {
          headers: { authorization: `Bearer ${target.adminToken}` },
        });
        expect(answer.status).toBe(404);
        expect(answer.body).not.toContain('queue_stats');
      });
    });
  });
}

hostileTrafficSuite(
  productionTarget({
    'api-gateway': {
      SYNC_VALIDATION_THREADS: '1',
      SYNC_VALIDATION_QUEUE: '1',
      MAX_SYNC_FILE_SIZE: String(5 * 1024 * 1024),
    },
  }),
);

hostileTrafficSuite(embeddedTarget({ SYNC_VALIDATION_THREADS: '1', SYNC_VALIDATION_QUEUE: '1' }));

describe('start-up refuses what would leave a service open', () => {
  /** Runs a built service with `env` until it exits (or is stopped after it logs that it listens). */
  async function runService(
    app: string,
    env: Record<string, string>,
  ): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js')], {
      env: { PATH: process.env['PATH'], LOG_LEVEL: 'info', PORT: String(await freePort()), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    await waitFor(
      () => output,
      (text) => text.includes('listening') || child.exitCode !== null,
      { what: `${app} to listen or exit`, timeoutMs: 30_000 },
    );
    if (child.exitCode === null) child.kill('SIGTERM');
    const code = await exited;
    return { code, output };
  }

  const database = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    DATABASE_MIGRATIONS_RUN: 'false',
  };

  it('the job-service on a non-loopback HOST without INTERNAL_TOKEN exits 1 naming the variable', async () => {
    const run = await runService('job-service', { ...database, HOST: '0.0.0.0' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('INTERNAL_TOKEN is required when HOST is not a loopback address');
  });

  it('the job-service logs the address it really listens on and which lock guards it', async () => {
    const open = await runService('job-service', {
      ...database,
      HOST: '0.0.0.0',
      INTERNAL_TOKEN: randomBytes(24).toString('hex'),
    });
    expect(open.output).toMatch(/"url":"http:\/\/0\.0\.0\.0:\d+"/);
    expect(open.output).toContain('"internal_api":"INTERNAL_TOKEN required"');
    const local = await runService('job-service', { ...database, HOST: '127.0.0.1' });
    expect(local.output).toMatch(/"url":"http:\/\/127\.0\.0\.1:\d+"/);
    expect(local.output).toContain('"internal_api":"loopback callers only"');
  });

  it.each([
    ['aaaaaaaaaaaaaaaa', 'at least 32 characters'],
    ['a'.repeat(40), 'different characters'],
    ['change-me-'.repeat(4), 'short pattern repeated'],
  ])('the gateway refuses ADMIN_TOKEN=%s', async (token, reason) => {
    const run = await runService('api-gateway', { ADMIN_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.output).toContain(reason);
    expect(run.output).not.toContain(token);
  });
});
