import { appModel, deployableApps } from './support/app-model';
import { exportedString } from './support/ts-source';

// The reader behind every consistency check: it must see the apps as their sources declare them.

describe('app model read from the sources', () => {
  it('finds the three deployable apps (Nx projects tagged type:app)', () => {
    expect(deployableApps()).toEqual(['api-gateway', 'csv-worker', 'job-service']);
  });

  it('reads each app env schemas, defaults and required variables', () => {
    const gateway = appModel('api-gateway');
    expect(gateway.envSchemas).toEqual(['ApiGatewayEnv', 'StorageEnv', 'LoggingEnv', 'RateLimitStoreEnv']);
    expect(gateway.defaultPort).toBe(3000);
    expect(gateway.env.get('ADMIN_TOKEN')).toMatchObject({ required: true, schema: 'ApiGatewayEnv' });
    expect(gateway.env.get('MAX_FILE_SIZE')?.defaultValue).toBe(52_428_800);
    expect(appModel('job-service').env.get('DATABASE_URL')?.required).toBe(true);
    expect(appModel('job-service').env.get('REDIS_URL')).toMatchObject({
      required: false,
      schema: 'QueueEnv',
    });
    expect(appModel('csv-worker').env.get('TASK_HARD_TIME_LIMIT_MS')?.defaultValue).toBe(300_000);
    expect(appModel('csv-worker').env.get('WORKER_ID')?.defaultValue).toBeUndefined();
  });

  it('reads GET routes from controller decorators, constants in template literals included', () => {
    for (const app of deployableApps()) expect(appModel(app).getRoutes.has('/health/live')).toBe(true);
    expect(appModel('job-service').getRoutes.get('/internal/v1/stats/runnable')?.responseFields).toEqual([
      'runnable',
      'queues',
    ]);
    expect(appModel('job-service').getRoutes.get('/health/ready')?.responseFields).toEqual([
      'status',
      'database',
      'queue',
    ]);
    expect(appModel('csv-worker').getRoutes.has('/internal/v1/stats/runnable')).toBe(false);
  });

  it('reads entry-point subcommands and exported constants', () => {
    expect(appModel('job-service').subcommands).toEqual(['migrate']);
    expect(appModel('api-gateway').subcommands).toEqual([]);
    expect(exportedString('@validahub/job-contracts', 'INTERNAL_TOKEN_HEADER')).toBe('x-internal-token');
  });
});
