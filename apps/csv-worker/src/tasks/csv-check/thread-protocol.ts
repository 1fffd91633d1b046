import type { MessagePort } from 'node:worker_threads';
import { JobResult } from '@validahub/job-contracts';
import { JobFailure } from '@validahub/job-domain';
import { StorageModuleOptions } from '@validahub/storage';
import { StageTiming } from '../stage-timing';
import { RunProgress } from '../task-handler';

/** What the main thread hands a task thread (structured-cloned; the port is transferred). */
export interface ThreadTask<I> {
  readonly input: I;
  readonly storage: StorageModuleOptions;
  /** Progress goes out on it; an abort request comes in on it. */
  readonly port: MessagePort;
}

export type ToThread = { readonly type: 'abort' };
/** Progress, and each stage's timing as it ends (the worker makes spans of those). */
export type FromThread =
  | { readonly type: 'progress'; readonly progress: RunProgress }
  | { readonly type: 'stage'; readonly timing: StageTiming };

/** A thread never throws across the boundary (class identity is lost there): it answers one of these. */
export type ThreadOutcome =
  | { readonly kind: 'done'; readonly result: JobResult }
  | { readonly kind: 'failed'; readonly failure: JobFailure }
  | { readonly kind: 'aborted' };
