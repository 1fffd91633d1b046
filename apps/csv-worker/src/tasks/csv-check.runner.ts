import { Readable, PassThrough } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { checkCsv, countCsvRows, isMarketplace } from '@validahub/csv-rules';
import { ArtifactName, ArtifactRef, JobResult, RunJobMessage } from '@validahub/job-contracts';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { PermanentTaskError, TaskContext } from './task-handler';

interface ArtifactSink {
  readonly stream: PassThrough;
  readonly stored: Promise<ArtifactRef>;
}

/**
 * Runs the CSV engine over a job's input, streaming its outputs into the run's own artifact folder
 * (`…/attempt-N/`), so a second run of the same job never mixes files with the first. On any failure the
 * folder is removed: a run leaves all of its artifacts or none.
 */
@Injectable()
export class CsvCheckRunner {
  constructor(private readonly storage: ObjectStorage) {}

  async run(context: TaskContext, autoFix: boolean): Promise<JobResult> {
    const { run, signal } = context;
    const { marketplace, category } = run.params;
    if (!isMarketplace(marketplace))
      throw new PermanentTaskError('UNSUPPORTED_MARKETPLACE', `No rule pack for marketplace ${marketplace}.`);
    const inputKey = this.storage.keyFromUri(run.params.input_uri);
    if (!inputKey)
      throw new PermanentTaskError('INPUT_NOT_FOUND', 'The input URI is not one of this platform’s files.');

    const total = await countCsvRows(await this.storage.open(inputKey), signal);
    const issues = this.sink(run, 'issues.csv', 'text/csv; charset=utf-8');
    const corrected = autoFix ? this.sink(run, 'corrected.csv', 'text/csv; charset=utf-8') : undefined;
    try {
      const report = await checkCsv(
        await this.storage.open(inputKey),
        { issues: issues.stream, corrected: corrected?.stream },
        {
          marketplace,
          category,
          autoFix,
          signal,
          onProgress: ({ rowsProcessed }) => context.reportRows(rowsProcessed, total),
        },
      );
      signal.throwIfAborted();
      issues.stream.end();
      corrected?.stream.end();
      const written = [await issues.stored, ...(corrected ? [await corrected.stored] : [])];
      const reportKey = objectKeys.artifact(run.tenantId, run.jobId, run.attempt, 'report.json');
      const stored = await this.storage.put(reportKey, Readable.from([JSON.stringify(report, null, 2)]));
      const reportRef: ArtifactRef = {
        name: 'report.json',
        key: stored.key,
        size: stored.size,
        sha256: stored.sha256,
        contentType: 'application/json',
      };
      return { summary: { ...report.summary }, artifacts: [reportRef, ...written] };
    } catch (error) {
      for (const sink of [issues, corrected])
        sink?.stream.destroy(error instanceof Error ? error : new Error(String(error)));
      await Promise.allSettled([issues.stored, corrected?.stored]);
      await this.storage.deletePrefix(objectKeys.attemptOf(run.tenantId, run.jobId, run.attempt));
      throw error;
    }
  }

  private sink(run: RunJobMessage, name: ArtifactName, contentType: string): ArtifactSink {
    const stream = new PassThrough();
    const stored = this.storage
      .put(objectKeys.artifact(run.tenantId, run.jobId, run.attempt, name), stream)
      .then((object) => ({ name, key: object.key, size: object.size, sha256: object.sha256, contentType }));
    // Awaited on success; on failure it is settled by allSettled above. Never an unhandled rejection.
    stored.catch(() => undefined);
    return { stream, stored };
  }
}
