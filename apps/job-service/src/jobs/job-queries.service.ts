import { Injectable } from '@nestjs/common';
import { ArtifactRef } from '@validahub/job-contracts';
import { JobListResponse, ListJobsQuery } from '@validahub/job-contracts/http';
import { DomainError, JobStatus } from '@validahub/job-domain';
import { JobRow } from '../persistence/job-row';
import { JobRepository } from '../persistence/job.repository';
import { toJobResponse } from './job-view';
import { decodeCursor, encodeCursor } from './list-cursor';

const DEFAULT_PAGE = 20;

@Injectable()
export class JobQueriesService {
  constructor(private readonly jobs: JobRepository) {}

  /** Another tenant's job answers exactly like a missing one. */
  async get(tenantId: string, id: string): Promise<JobRow> {
    const job = await this.jobs.findForTenant(tenantId, id);
    if (!job) throw new DomainError('JOB_NOT_FOUND', `No job ${id}.`);
    return job;
  }

  /** What a queued job with dependencies still waits for (an extra read only for such a job). */
  async waitingFor(job: JobRow): Promise<{ waiting_for?: string[] }> {
    if (job.status !== 'QUEUED' || !job.dependsOn?.length) return {};
    return { waiting_for: await this.jobs.waitingFor(job.dependsOn) };
  }

  async list(tenantId: string, query: ListJobsQuery): Promise<JobListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE;
    // One extra row tells whether a next page exists without a count query.
    const rows = await this.jobs.list(tenantId, {
      status: query.status?.toUpperCase() as JobStatus | undefined,
      limit: limit + 1,
      cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toJobResponse),
      next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  async artifact(tenantId: string, id: string, name: string): Promise<ArtifactRef> {
    const job = await this.get(tenantId, id);
    const artifact = job.result?.artifacts.find((a) => a.name === name);
    if (!artifact) {
      throw new DomainError(
        'ARTIFACT_NOT_FOUND',
        `Job ${id} has no artifact ${name}${job.result ? '' : ' (it has not produced results)'}.`,
        {
          available: job.result?.artifacts.map((a) => a.name) ?? [],
        },
      );
    }
    return artifact;
  }
}
