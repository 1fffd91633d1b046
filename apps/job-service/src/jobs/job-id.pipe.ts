import { DomainError } from '@validahub/job-domain';
import { addToContext } from '@validahub/telemetry';
import { UuidParamPipe } from '../uuid-param.pipe';

/** A job id from the route; the request's log lines name the job it is about. */
export const JobId = new UuidParamPipe(
  () => new DomainError('JOB_NOT_FOUND', 'No such job.'),
  (id) => addToContext({ jobId: id }),
);
