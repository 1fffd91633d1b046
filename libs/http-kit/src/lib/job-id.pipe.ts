import { ArgumentMetadata, Injectable, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { DomainError } from '@validahub/job-domain';
import { addToContext } from '@validahub/telemetry';

/**
 * A job id from the route. A malformed one names no job: 404 like any other unknown id, not a validation
 * error. A well-formed one goes into the log context, so the request's lines name the job it is about.
 */
@Injectable()
class JobIdPipe implements PipeTransform<string, Promise<string>> {
  private readonly uuid = new ParseUUIDPipe({
    exceptionFactory: () => new DomainError('JOB_NOT_FOUND', 'No such job.'),
  });

  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    const id: string = await this.uuid.transform(value, metadata);
    addToContext({ jobId: id });
    return id;
  }
}

export const JobId = new JobIdPipe();
