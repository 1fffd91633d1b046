import { createObjectStorage } from '@validahub/storage';
import { classifyError } from '../classify-error';
import { stageTimer } from '../stage-timing';
import { RunProgress } from '../task-handler';
import { CsvCheckInput, runCsvCheck } from './run-csv-check';
import { FromThread, ThreadOutcome, ThreadTask, ToThread } from './thread-protocol';

/**
 * Entry point of a task thread: the CPU-heavy engine runs here, away from the worker's event loop (which
 * keeps renewing queue locks and sending heartbeats), and can be terminated when it overruns its hard time
 * limit without taking the worker down.
 */
export default async function csvCheckThread({
  input,
  storage: storageOptions,
  port,
}: ThreadTask<CsvCheckInput>): Promise<ThreadOutcome> {
  const abort = new AbortController();
  port.on('message', (message: ToThread) => {
    if (message.type === 'abort') abort.abort(new Error('aborted by the worker'));
  });
  const report = (progress: RunProgress) =>
    port.postMessage({ type: 'progress', progress } satisfies FromThread);
  const timeStage = stageTimer((timing) => port.postMessage({ type: 'stage', timing } satisfies FromThread));
  try {
    const result = await runCsvCheck(
      createObjectStorage(storageOptions),
      input,
      abort.signal,
      report,
      timeStage,
    );
    return { kind: 'done', result };
  } catch (error) {
    if (abort.signal.aborted) return { kind: 'aborted' };
    return { kind: 'failed', failure: classifyError(error) };
  } finally {
    port.close();
  }
}
