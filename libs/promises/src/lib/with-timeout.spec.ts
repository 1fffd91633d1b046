import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes a prompt result through', async () => {
    await expect(withTimeout(Promise.resolve(42), 100, 'x')).resolves.toBe(42);
  });

  it('rejects a slow one, naming what timed out', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'redis ping')).rejects.toThrow(
      'redis ping timed out after 20 ms',
    );
  });
});
