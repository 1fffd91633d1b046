import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_STATUSES, TASK_NAMES } from '@validahub/job-domain';

const PUBLIC_STATUSES = JOB_STATUSES.map((s) => s.toLowerCase());
export type PublicJobStatus = Lowercase<(typeof JOB_STATUSES)[number]>;

export class JobErrorView {
  @ApiProperty({ example: 'INPUT_UNREADABLE' }) code!: string;
  @ApiProperty() message!: string;
}

export class ArtifactView {
  @ApiProperty({ example: 'report.json' }) name!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'Hex SHA-256 of the file, to check a download.' }) sha256!: string;
  @ApiProperty({ example: 'application/json' }) content_type!: string;
  @ApiProperty({ example: '/api/v1/jobs/6a1…/artifacts/report.json' }) url!: string;
}

export class JobResultView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { rows: 1000, valid: 990, invalid: 10, fixed: 4 },
  })
  summary!: Record<string, number>;
  @ApiProperty({ type: [ArtifactView] }) artifacts!: ArtifactView[];
}

export class JobUsageView {
  @ApiProperty({ description: 'Busy time of the task thread, ms.' }) cpu_ms!: number;
  @ApiProperty() rows!: number;
  @ApiProperty() bytes_read!: number;
  @ApiProperty() bytes_written!: number;
}

export class JobResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TASK_NAMES }) task!: string;
  @ApiProperty({ enum: PUBLIC_STATUSES }) status!: PublicJobStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ nullable: true, type: String, example: 'Processing row 455 of 1000' }) message!:
    string | null;
  @ApiProperty({ nullable: true, type: JobErrorView }) error!: JobErrorView | null;
  @ApiProperty({ nullable: true, type: JobResultView }) result!: JobResultView | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) started_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finished_at!: string | null;
  @ApiProperty({ nullable: true, type: JobUsageView, description: 'What the successful run consumed.' })
  usage!: JobUsageView | null;
  @ApiProperty({ description: 'Automatic retries so far in this run.' }) retry_count!: number;
  @ApiProperty() max_retries!: number;
  @ApiProperty({ description: 'Runs started so far, including manual retries.' }) attempt!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When a RETRYING job runs again.',
  })
  next_attempt_at!: string | null;
  @ApiProperty({ example: 'queue-pro' }) queue!: string;
  @ApiProperty() priority!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) params!: Record<string, unknown>;
  @ApiProperty({
    type: [String],
    description: 'The jobs this one waits for (`depends_on`); empty when none.',
  })
  depends_on!: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'Of `depends_on`, those not succeeded yet (GET of one queued job only).',
  })
  waiting_for?: string[];
  @ApiProperty({ nullable: true, type: String }) idempotency_key!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlation_id!: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) metadata!: Record<
    string,
    unknown
  > | null;
}

export class JobListResponse {
  @ApiProperty({ type: [JobResponse] }) items!: JobResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null at the end.',
  })
  next_cursor!: string | null;
}

export class CancelJobResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['cancelled'] }) status!: 'cancelled';
  @ApiProperty({ example: 'Job cancelled by user' }) message!: string;
}
