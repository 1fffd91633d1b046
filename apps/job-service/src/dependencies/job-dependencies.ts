import { Injectable, Logger } from '@nestjs/common';
import { ARTIFACT_NAMES, JobResult } from '@validahub/job-contracts';
import { DomainError } from '@validahub/job-domain';
import { objectKeys, ObjectStorage } from '@validahub/storage';
import { JobRow } from '../persistence/job-row';
import { JobRepository } from '../persistence/job.repository';
import { JobTransitions } from '../jobs/job-transitions';

/** `job://<job id>/<artifact name>`: another job's artifact as a job's input. */
const JOB_URI = /^job:\/\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([^/]+)$/i;
export const JOB_URI_SCHEME = 'job://';

/** Queued jobs blocked by a failed dependency cancelled per dispatcher pass (the next pass takes the rest). */
const BLOCKED_BATCH = 500;

/** What a create needs to know about its dependencies and input, once checked. */
export interface CheckedDependencies {
  /** The jobs it waits for (those of `depends_on`, plus the job its `job://` input comes from), or null. */
  readonly dependsOn: readonly string[] | null;
  /** True when the input is another job's artifact (no upload to check). */
  readonly inputIsArtifact: boolean;
}

/** The outcome of resolving a claimed run's `job://` input. */
export type ResolvedRun =
  | { readonly kind: 'ready'; readonly job: JobRow; readonly inputUri: string }
  | { readonly kind: 'unresolvable'; readonly job: JobRow; readonly message: string };

/**
 * Job dependencies (`depends_on`) and `job://` inputs. Only ids of the tenant's existing jobs are accepted,
 * so the dependency graph cannot have a cycle. The dispatcher dispatches a job once all its dependencies
 * succeeded (JobRepository's `claimDue`), cancels it with `DEPENDENCY_FAILED` when one failed or was
 * cancelled (`cancelBlocked`, every pass: durable, whatever crashed in between), and turns a `job://` input
 * into the storage URI of that artifact when it publishes the run.
 */
@Injectable()
export class JobDependencies {
  private readonly logger = new Logger(JobDependencies.name);

  constructor(
    private readonly jobs: JobRepository,
    private readonly transitions: JobTransitions,
    private readonly storage: ObjectStorage,
  ) {}

  static isJobUri(uri: string): boolean {
    return uri.startsWith(JOB_URI_SCHEME);
  }

  /** Checks `depends_on` and a `job://` input against the tenant's jobs; 400 naming the field otherwise. */
  async check(
    tenantId: string,
    dependsOn: readonly string[] | undefined,
    inputUri: string,
  ): Promise<CheckedDependencies> {
    const given = (dependsOn ?? []).map((id) => id.toLowerCase());
    const ids = [...new Set(given)];
    if (JobDependencies.isJobUri(inputUri)) assertWellFormedJobUri(inputUri);
    const source = JobDependencies.isJobUri(inputUri) ? parseJobUri(inputUri) : undefined;
    if (source && !ids.includes(source.jobId)) ids.push(source.jobId);
    if (ids.length === 0) return { dependsOn: null, inputIsArtifact: false };
    const found = new Map((await this.jobs.owned(tenantId, ids)).map((j) => [j.id, j]));
    const unknown = given.map((id, index) => ({ id, index })).filter(({ id }) => !found.has(id));
    if (unknown.length > 0) {
      const fields = unknown.map(({ id, index }) => ({
        field: `depends_on[${index}]`,
        message: `${id} is not one of your jobs`,
      }));
      throw new DomainError(
        'DEPENDENCY_NOT_FOUND',
        'depends_on names jobs that are not yours or do not exist',
        {
          fields,
        },
      );
    }
    if (source) {
      const job = found.get(source.jobId);
      if (!job) throw artifactNotFound(`job ${source.jobId} is not one of your jobs`);
      // A job that already succeeded without that artifact never will have it: say so now.
      if (job.status === 'SUCCEEDED' && !artifactOf(job.result, source.artifact))
        throw artifactNotFound(`job ${source.jobId} has no artifact ${source.artifact}`);
    }
    return { dependsOn: ids, inputIsArtifact: source !== undefined };
  }

  /** Cancels queued jobs whose dependency failed or was cancelled; returns how many. */
  async cancelBlocked(): Promise<number> {
    let cancelled = 0;
    for (const blocked of await this.jobs.blocked(BLOCKED_BATCH)) {
      const what = blocked.dependency_status === 'FAILED' ? 'failed' : 'was cancelled';
      const message = `Dependency ${blocked.dependency_id} ${what}`;
      const outcome = await this.transitions.apply({ id: blocked.id }, () => ({
        type: 'cancel',
        message,
        error: { code: 'DEPENDENCY_FAILED', message },
      }));
      if (outcome.kind === 'applied') cancelled++;
    }
    if (cancelled > 0) this.logger.log({ msg: 'cancelled jobs whose dependency failed', count: cancelled });
    return cancelled;
  }

  /**
   * The storage URI of each claimed run's input: unchanged for an upload; for `job://`, the artifact of the
   * (succeeded, same-tenant) source job, or unresolvable when it has no such artifact.
   */
  async resolve(claimed: readonly JobRow[]): Promise<ResolvedRun[]> {
    const inputOf = (job: JobRow) => String(job.params['input_uri']);
    const sourceIds = claimed
      .map(inputOf)
      .filter(JobDependencies.isJobUri)
      .map((uri) => parseJobUri(uri)?.jobId);
    const sources = new Map(
      sourceIds.length === 0
        ? []
        : (await this.jobs.findByIds([...new Set(sourceIds.filter((id): id is string => !!id))])).map((j) => [
            j.id,
            j,
          ]),
    );
    return claimed.map((job): ResolvedRun => {
      const uri = inputOf(job);
      if (!JobDependencies.isJobUri(uri)) return { kind: 'ready', job, inputUri: uri };
      const parsed = parseJobUri(uri);
      const source = parsed && sources.get(parsed.jobId);
      // Checked at create; checked again here, where it counts: same tenant, succeeded, its own folder.
      const artifact =
        source && source.tenantId === job.tenantId && source.status === 'SUCCEEDED'
          ? artifactOf(source.result, parsed.artifact)
          : undefined;
      if (!parsed || !artifact || !artifact.key.startsWith(objectKeys.jobOf(job.tenantId, parsed.jobId)))
        return {
          kind: 'unresolvable',
          job,
          message: `The input ${uri} does not exist: that job has no such artifact.`,
        };
      return { kind: 'ready', job, inputUri: this.storage.uriFor(artifact.key) };
    });
  }

  /** Fails a run whose `job://` input cannot be found, permanently, without a worker. */
  async failUnresolvable(run: Extract<ResolvedRun, { kind: 'unresolvable' }>): Promise<void> {
    await this.transitions.apply({ id: run.job.id }, () => ({
      type: 'fail',
      attempt: run.job.attempt,
      failure: { code: 'INPUT_ARTIFACT_NOT_FOUND', message: run.message, transient: false },
    }));
  }
}

function parseJobUri(uri: string): { jobId: string; artifact: string } | undefined {
  const match = JOB_URI.exec(uri);
  if (!match || !(ARTIFACT_NAMES as readonly string[]).includes(match[2])) return undefined;
  return { jobId: match[1].toLowerCase(), artifact: match[2] };
}

function artifactOf(result: JobResult | null, name: string) {
  return result?.artifacts.find((a) => a.name === name);
}

function artifactNotFound(why: string): DomainError {
  const message = `params.input_uri must be job://<id of one of your jobs>/<${ARTIFACT_NAMES.join('|')}>: ${why}`;
  return new DomainError('INPUT_NOT_FOUND', message, { fields: [{ field: 'params.input_uri', message }] });
}

/** A `job://` URI that is malformed (not a job id and a known artifact name) is refused at create. */
export function assertWellFormedJobUri(uri: string): void {
  if (!parseJobUri(uri))
    throw artifactNotFound('not a job id followed by one of the artifact names (no other path is allowed)');
}
