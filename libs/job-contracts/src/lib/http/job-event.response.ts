import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

// Wire names of the telemetry events (the seed's list): clients and alerting key on them.
export const JOB_EVENT_NAMES = [
  'job.queued',
  'job.started',
  'job.progress',
  'job.completed',
  'job.failed',
  'job.cancelled',
  'job.retrying',
] as const;
export type JobEventName = (typeof JOB_EVENT_NAMES)[number];
export const TERMINAL_JOB_EVENTS: readonly JobEventName[] = ['job.completed', 'job.failed', 'job.cancelled'];

export class JobEventView {
  @ApiProperty({
    description: 'Increasing per job; pass the last one as `after` (or Last-Event-ID) to resume.',
  })
  id!: string;
  @ApiProperty({ format: 'uuid' }) job_id!: string;
  @ApiProperty({ format: 'uuid' }) tenant_id!: string;
  @ApiProperty({ enum: JOB_EVENT_NAMES }) type!: JobEventName;
  @ApiProperty() attempt!: number;
  @ApiProperty({ example: 'running' }) status!: string;
  @ApiProperty() progress!: number;
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty({ nullable: true, type: String }) error_code!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'task, queue, correlation_id, retry_count, timestamps, queue_wait_ms, run_ms, error, next_attempt_at',
  })
  data!: Record<string, unknown>;
}

export class JobEventListResponse {
  @ApiProperty({ type: [JobEventView] }) items!: JobEventView[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `after` for the next page; null when there is no more now.',
  })
  next_after!: string | null;
}

export class ListJobEventsQuery {
  @ApiPropertyOptional({ description: 'An event id: only the events after it.', pattern: '^\\d{1,18}$' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be an event id' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
