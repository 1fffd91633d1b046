import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ToBoolean, ToInt } from './env-transforms';
import { ConfigError, loadEnv } from './load-config';
import { IsBoolean } from 'class-validator';

class SampleEnv {
  @ToInt() @IsInt() @Min(1) @Max(65535) PORT = 3000;
  @IsString() @MinLength(16) ADMIN_TOKEN!: string;
  @IsIn(['memory', 'bullmq']) QUEUE_DRIVER = 'memory';
  @IsOptional() @ToBoolean() @IsBoolean() VERBOSE?: boolean;
}

describe('loadEnv', () => {
  it('applies defaults and converts types', () => {
    const env = loadEnv('svc', SampleEnv, {
      ADMIN_TOKEN: 'x'.repeat(16),
      VERBOSE: 'yes',
      UNRELATED: 'ignored',
    });
    expect(env.PORT).toBe(3000);
    expect(env.QUEUE_DRIVER).toBe('memory');
    expect(env.VERBOSE).toBe(true);
  });

  it('treats an empty value as unset', () => {
    expect(loadEnv('svc', SampleEnv, { PORT: '', ADMIN_TOKEN: 'y'.repeat(20) }).PORT).toBe(3000);
  });

  it('names every bad variable at once and never echoes values', () => {
    let error: unknown;
    try {
      loadEnv('api-gateway', SampleEnv, {
        PORT: 'eighty',
        QUEUE_DRIVER: 'kafka',
        ADMIN_TOKEN: 'short-secret',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^QUEUE_DRIVER: /m);
    expect(problems).toMatch(/^ADMIN_TOKEN: /m);
    expect((error as Error).message).toContain('api-gateway: invalid configuration');
    expect((error as Error).message).not.toContain('short-secret');
  });

  it('reports a missing required variable', () => {
    expect(() => loadEnv('svc', SampleEnv, {})).toThrow(/ADMIN_TOKEN/);
  });
});
