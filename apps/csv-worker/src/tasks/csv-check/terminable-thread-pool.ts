import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { JobResult } from '@validahub/job-contracts';
import { ObjectStorage, StorageModuleOptions } from '@validahub/storage';
import { ThreadEntry } from '@validahub/thread-pool';
import Piscina from 'piscina';
import { TaskFailedError } from '../task-handler';
import { FromThread, ThreadOutcome, ThreadTask, ToThread } from './thread-protocol';

/** The thread had to be killed: it did not stop within the grace after being asked to. */
export class ThreadTerminatedError extends Error {
  constructor(override readonly cause: unknown) {
    super('the task thread did not stop when asked and was terminated');
    this.name = 'ThreadTerminatedError';
  }
}

export interface ThreadPoolOptions {
  readonly maxThreads: number;
  readonly memoryMb: number;
  /** How long a thread asked to stop may keep running before it is terminated. */
  readonly hardGraceMs: number;
  readonly storage: StorageModuleOptions;
}

/**
 * Runs tasks in worker threads. Aborting the caller's signal first asks the thread to stop (it aborts its
 * work cooperatively and cleans up); a thread still running `hardGraceMs` later is terminated and its
 * partial artifacts removed here. That is how a hard time limit holds even for code that ignores aborts.
 */
export class TerminableThreadPool<I extends { readonly folder: string }> {
  private readonly pool: Piscina;

  constructor(
    entry: ThreadEntry,
    private readonly options: ThreadPoolOptions,
    private readonly storage: ObjectStorage,
  ) {
    this.pool = new Piscina({
      ...entry,
      maxThreads: options.maxThreads,
      minThreads: 0,
      idleTimeout: 60_000,
      // A runaway task hits this ceiling and dies alone instead of taking the worker's memory.
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
  }

  async run(
    input: I,
    signal: AbortSignal,
    onReport: (report: FromThread) => void,
  ): Promise<JobResult> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', onReport);
    const terminate = new AbortController();
    let hardTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      port1.postMessage({ type: 'abort' } satisfies ToThread);
      hardTimer = setTimeout(() => terminate.abort(), this.options.hardGraceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      const task: ThreadTask<I> = { input, storage: this.options.storage, port: port2 };
      const outcome = (await this.pool.run(task, {
        transferList: [port2],
        signal: terminate.signal,
      })) as ThreadOutcome;
      if (outcome.kind === 'done') return outcome.result;
      if (outcome.kind === 'failed') throw new TaskFailedError(outcome.failure);
      throw signal.reason;
    } catch (error) {
      if (!terminate.signal.aborted) throw error;
      await this.storage.deletePrefix(input.folder);
      throw new ThreadTerminatedError(signal.reason);
    } finally {
      clearTimeout(hardTimer);
      signal.removeEventListener('abort', onAbort);
      // The outcome comes back on Piscina's own channel and may overtake the thread's last reports on this
      // one (the final stage timing): they are queued here already, so take them before closing.
      for (let pending = receiveMessageOnPort(port1); pending; pending = receiveMessageOnPort(port1))
        onReport(pending.message as FromThread);
      port1.close();
    }
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
