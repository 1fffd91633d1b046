import { PassThrough, Readable, Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { checkCsv, isMarketplace } from '@validahub/csv-rules';
import { ArtifactName, ArtifactRef, JobResult, RunJobMessage } from '@validahub/job-contracts';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { StageTimer } from '../stage-timing';
import { PermanentTaskError, RunProgress } from '../task-handler';

/** Where one artifact goes while the engine writes it. */
interface ArtifactSink {
  readonly stream: Writable;
  /** The stored artifact, once the stream was ended. */
  finish(): Promise<ArtifactRef>;
  /** The run failed: the artifact is not kept (whatever was stored goes with the run's folder). */
  abort(error: Error): Promise<void>;
}

/** Streamed into storage as the engine writes it: memory stays flat whatever the input's size. */
function streamedSink(
  storage: ObjectStorage,
  key: string,
  name: ArtifactName,
  contentType: string,
): ArtifactSink {
  const stream = new PassThrough();
  const stored = storage
    .put(key, stream)
    .then((object) => ({ name, key: object.key, size: object.size, sha256: object.sha256, contentType }));
  // Awaited on success; settled by allSettled on failure. Never an unhandled rejection.
  stored.catch(() => undefined);
  return {
    stream,
    finish: () => (stream.end(), stored),
    abort: async (error) => {
      stream.destroy(error);
      await Promise.allSettled([stored]);
    },
  };
}

/** Kept in memory and stored in one write at the end: for the small outputs of a small input. */
function bufferedSink(
  storage: ObjectStorage,
  key: string,
  name: ArtifactName,
  contentType: string,
): ArtifactSink {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      chunks.push(chunk);
      done();
    },
  });
  return {
    stream,
    finish: async () => {
      const object = await storage.putBytes(key, Buffer.concat(chunks));
      return { name, key: object.key, size: object.size, sha256: object.sha256, contentType };
    },
    abort: async () => undefined,
  };
}

export interface CsvCheckInput {
  readonly run: RunJobMessage;
  /** The input's storage key and size (the size is progress's denominator). */
  readonly inputKey: string;
  readonly inputBytes: number;
  /** The run's own artifact folder (see objectKeys.runFolder). */
  readonly folder: string;
  readonly autoFix: boolean;
  /** Findings issues.csv lists per rule (FINDINGS_PER_RULE). */
  readonly findingsPerRule: number;
  /**
   * Small enough to be read whole and to have its artifacts written in one piece each (outputs are bounded
   * by a small multiple of the input): no streams, fewer file calls.
   */
  readonly inMemory: boolean;
}

/** The input of a run: its key and size, or a permanent failure when it is not one of ours or is gone. */
export async function locateInput(
  storage: ObjectStorage,
  run: RunJobMessage,
): Promise<{ key: string; bytes: number }> {
  const key = storage.keyFromUri(run.params.input_uri);
  const found = key ? await storage.stat(key) : null;
  if (!key || !found)
    throw new PermanentTaskError(
      'INPUT_NOT_FOUND',
      'The input file is not one of this platform’s files, or is gone.',
    );
  return { key, bytes: found.size };
}

/**
 * Runs the CSV engine over a job's input in one streaming pass, its outputs streaming into the run's own
 * folder. On any failure the folder is removed: a run leaves all of its artifacts or none.
 */
export async function runCsvCheck(
  storage: ObjectStorage,
  { run, inputKey, inputBytes, folder, autoFix, findingsPerRule, inMemory }: CsvCheckInput,
  signal: AbortSignal,
  reportProgress: (progress: RunProgress) => void,
  timeStage: StageTimer,
): Promise<JobResult> {
  const { marketplace, category } = run.params;
  if (!isMarketplace(marketplace))
    throw new PermanentTaskError('UNSUPPORTED_MARKETPLACE', `No rule pack for marketplace ${marketplace}.`);

  // Busy time of this thread's event loop over the run: the CPU the run cost, for usage and billing (a run
  // on the worker's main thread shares it with the others there, so its figure is an upper bound).
  const busyAtStart = performance.eventLoopUtilization();
  const sink = (name: ArtifactName, contentType: string): ArtifactSink =>
    (inMemory ? bufferedSink : streamedSink)(storage, objectKeys.inFolder(folder, name), name, contentType);
  const issues = sink('issues.csv', 'text/csv; charset=utf-8');
  const corrected = autoFix ? sink('corrected.csv', 'text/csv; charset=utf-8') : undefined;
  try {
    const report = await timeStage('parse_validate', async () =>
      checkCsv(
        inMemory ? Readable.from([await storage.getBytes(inputKey)]) : await storage.open(inputKey),
        { issues: issues.stream, corrected: corrected?.stream },
        {
          marketplace,
          category,
          autoFix,
          findingsPerRule,
          signal,
          onProgress: ({ rowsProcessed, bytesRead }) =>
            reportProgress({ rows: rowsProcessed, bytesRead, bytesTotal: inputBytes }),
        },
      ),
    );
    signal.throwIfAborted();
    // The artifacts streamed while the engine ran; this stage is their last bytes, and report.json.
    const { written, stored } = await timeStage('write', async () => ({
      written: [await issues.finish(), ...(corrected ? [await corrected.finish()] : [])],
      stored: await storage.putBytes(
        objectKeys.inFolder(folder, 'report.json'),
        Buffer.from(JSON.stringify(report, null, 2)),
      ),
    }));
    const reportRef: ArtifactRef = {
      name: 'report.json',
      key: stored.key,
      size: stored.size,
      sha256: stored.sha256,
      contentType: 'application/json',
    };
    const artifacts = [reportRef, ...written];
    const usage = {
      cpuMs: Math.round(performance.eventLoopUtilization(busyAtStart).active),
      rows: report.summary.rows,
      bytesRead: inputBytes,
      bytesWritten: artifacts.reduce((sum, a) => sum + a.size, 0),
    };
    return { summary: { ...report.summary }, artifacts, usage };
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    await Promise.all([issues.abort(reason), corrected?.abort(reason)]);
    await storage.deletePrefix(folder);
    throw error;
  }
}
