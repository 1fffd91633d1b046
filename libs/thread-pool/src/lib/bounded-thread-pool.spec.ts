import { join } from 'node:path';
import { BoundedThreadPool, ThreadPoolFullError, ThreadTimeLimitError } from './bounded-thread-pool';
import { threadEntry } from './thread-entry';

type Task = { spinMs: number; value: number };

describe('BoundedThreadPool', () => {
  let pool: BoundedThreadPool<Task, number>;

  function start(options: { threads: number; queue: number; timeLimitMs: number }) {
    pool = new BoundedThreadPool(threadEntry(join(__dirname, '../test'), 'busy.thread'), {
      ...options,
      memoryMb: 64,
      retryAfterSeconds: 3,
    });
  }

  afterEach(() => pool.destroy());

  it('runs a task in a thread and returns its answer', async () => {
    start({ threads: 1, queue: 1, timeLimitMs: 20_000 });
    await expect(pool.run({ spinMs: 0, value: 21 })).resolves.toBe(42);
  });

  it('refuses a task at once when every thread is busy and the line is full', async () => {
    start({ threads: 1, queue: 1, timeLimitMs: 20_000 });
    const running = pool.run({ spinMs: 1_500, value: 1 });
    const waiting = pool.run({ spinMs: 0, value: 2 });
    await expect(pool.run({ spinMs: 0, value: 3 })).rejects.toEqual(new ThreadPoolFullError(3));
    await expect(Promise.all([running, waiting])).resolves.toEqual([2, 4]);
    // Room again once the line has drained.
    await expect(pool.run({ spinMs: 0, value: 5 })).resolves.toBe(10);
  });

  it('stops a task that overruns its time limit, even one that never yields, and keeps serving', async () => {
    start({ threads: 1, queue: 1, timeLimitMs: 3_000 });
    await expect(pool.run({ spinMs: 60_000, value: 1 })).rejects.toBeInstanceOf(ThreadTimeLimitError);
    await expect(pool.run({ spinMs: 0, value: 4 })).resolves.toBe(8);
  });
});
