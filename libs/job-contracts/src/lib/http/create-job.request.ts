import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MARKETPLACES } from '@validahub/csv-rules';
import {
  MAX_JOB_PRIORITY,
  MAX_RETRIES_CAP,
  MIN_JOB_PRIORITY,
  TASK_NAMES,
  TaskName,
} from '@validahub/job-domain';
import { MaxJsonBytes } from './max-json-bytes';
import { StorableJson } from './storable-text';

export const METADATA_LIMIT_BYTES = 4096;
export const MAX_DEPENDENCIES = 20;

export class CreateJobParams {
  @ApiProperty({
    example: 'local://tenants/1b9d…/inputs/7c1e….csv',
    description:
      'A `uri` returned by POST /api/v1/files, or `job://<job id>/<artifact name>` for an artifact of another of your jobs (e.g. `job://6a1…/corrected.csv`); that job becomes a dependency.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  input_uri!: string;

  @ApiProperty({ enum: MARKETPLACES, example: 'mercado_livre' })
  @IsIn(MARKETPLACES)
  marketplace!: string;

  @ApiProperty({ example: 'electronics', description: 'Category slug; unknown ones use the generic rules.' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    message: 'category must be a lower-case slug (a-z, 0-9, _ or -), at most 64 characters',
  })
  category!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  auto_fix?: boolean;
}

export class CreateJobRequest {
  @ApiProperty({ enum: TASK_NAMES })
  @IsIn(TASK_NAMES)
  task!: TaskName;

  @ApiProperty({ type: CreateJobParams })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateJobParams)
  params!: CreateJobParams;

  @ApiPropertyOptional({
    minimum: MIN_JOB_PRIORITY,
    maximum: MAX_JOB_PRIORITY,
    description: 'Order within your plan queue; higher first. Defaults to the plan priority.',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_JOB_PRIORITY)
  @Max(MAX_JOB_PRIORITY)
  priority?: number;

  @ApiPropertyOptional({ maxLength: 255, description: 'Same key and same body returns the existing job.' })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,255}$/, {
    message: 'idempotency_key must be 1–255 printable ASCII characters without spaces',
  })
  idempotency_key?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_RETRIES_CAP, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_RETRIES_CAP)
  max_retries?: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_DEPENDENCIES,
    description:
      'Ids of your existing jobs this one waits for: it runs once all succeeded, and is cancelled (`DEPENDENCY_FAILED`) if one fails or is cancelled.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DEPENDENCIES)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each value in depends_on must be a job id (UUID)' })
  depends_on?: string[];

  @ApiPropertyOptional({
    description: 'Free-form client data (at most 4 KB as JSON), returned with the job.',
  })
  @IsOptional()
  @IsObject()
  @MaxJsonBytes(METADATA_LIMIT_BYTES)
  @StorableJson()
  metadata?: Record<string, unknown>;
}
