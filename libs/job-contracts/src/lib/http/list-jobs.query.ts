import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { JOB_STATUSES } from '@validahub/job-domain';

export const LIST_JOBS_MAX_LIMIT = 100;

export class ListJobsQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES.map((s) => s.toLowerCase()) })
  @IsOptional()
  @IsIn(JOB_STATUSES.map((s) => s.toLowerCase()))
  status?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIST_JOBS_MAX_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIST_JOBS_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next_cursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
