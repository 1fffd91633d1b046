import { performance } from 'node:perf_hooks';

/**
 * The steps of a CSV run: the engine's single streaming pass that reads, parses and validates the input, and
 * finishing the artifacts. Timed where the run runs (a task thread, or the worker's own thread for a small
 * input), turned into spans and metrics by the worker.
 */
export const RUN_STAGES = ['parse_validate', 'write'] as const;
export type RunStage = (typeof RUN_STAGES)[number];

export interface StageTiming {
  readonly stage: RunStage;
  /** Milliseconds since the epoch, with a fraction: comparable between threads. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly failed: boolean;
}

/** Runs one stage of a run and reports how long it took, whether it succeeded or not. */
export type StageTimer = <T>(stage: RunStage, work: () => Promise<T>) => Promise<T>;

const epochMs = () => performance.timeOrigin + performance.now();

export function stageTimer(report: (timing: StageTiming) => void): StageTimer {
  return async (stage, work) => {
    const startedAt = epochMs();
    let failed = true;
    try {
      const result = await work();
      failed = false;
      return result;
    } finally {
      report({ stage, startedAt, endedAt: epochMs(), failed });
    }
  };
}
