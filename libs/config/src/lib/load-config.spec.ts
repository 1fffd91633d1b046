import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ToBoolean, ToInt } from './env-transforms';
import { ConfigError, loadEnv } from './load-config';

class SampleEnv {
  @ToInt() @IsInt() @Min(1) @Max(65535) PORT = 3000;
  @IsString() @MinLength(16) ADMIN_TOKEN!: string;
  @IsIn(['memory', 'bullmq']) QUEUE_DRIVER = 'memory';
  @IsOptional() @ToBoolean() @IsBoolean() VERBOSE?: boolean;
}

class OtherEnv {
  @ToInt() @IsInt() LIMIT = 5;
}

describe('loadEnv', () => {
  it('applies defaults and converts types', () => {
    const [env, other] = loadEnv(
      'svc',
      { ADMIN_TOKEN: 'x'.repeat(16), VERBOSE: 'yes', UNRELATED: 'ignored' },
      SampleEnv,
      OtherEnv,
    );
    expect(env.PORT).toBe(3000);
    expect(env.QUEUE_DRIVER).toBe('memory');
    expect(env.VERBOSE).toBe(true);
    expect(other.LIMIT).toBe(5);
  });

  it('treats an empty value as unset', () => {
    expect(loadEnv('svc', { PORT: '', ADMIN_TOKEN: 'y'.repeat(20) }, SampleEnv)[0].PORT).toBe(3000);
  });

  it('names every bad variable of every schema at once and never echoes values', () => {
    let error: unknown;
    try {
      loadEnv(
        'api-gateway',
        { PORT: 'eighty', QUEUE_DRIVER: 'kafka', ADMIN_TOKEN: 'short-secret', LIMIT: 'x' },
        SampleEnv,
        OtherEnv,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^QUEUE_DRIVER: /m);
    expect(problems).toMatch(/^ADMIN_TOKEN: /m);
    expect(problems).toMatch(/^LIMIT: /m);
    expect((error as Error).message).toContain('api-gateway: invalid configuration');
    expect((error as Error).message).not.toContain('short-secret');
  });

  it('reports a missing required variable', () => {
    expect(() => loadEnv('svc', {}, SampleEnv)).toThrow(/ADMIN_TOKEN/);
  });
});
