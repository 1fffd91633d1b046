import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { MARKETPLACES } from '@validahub/csv-rules';

/** The form fields of `POST /api/v1/validate` (the file comes in field `file`). */
export class SyncValidateFields {
  @ApiProperty({ enum: MARKETPLACES })
  @IsIn(MARKETPLACES)
  marketplace!: string;

  @ApiProperty({ example: 'electronics' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    message: 'category must be a lower-case slug (a-z, 0-9, _ or -), at most 64 characters',
  })
  category!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  // Form fields are strings: accept the usual spellings of a boolean.
  @Transform(({ value }) =>
    typeof value === 'string' && /^(true|1|on|yes)$/i.test(value)
      ? true
      : typeof value === 'string' && /^(false|0|off|no)$/i.test(value)
        ? false
        : value,
  )
  @IsBoolean()
  auto_fix?: boolean;
}

export class SyncValidateResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The same report as a job’s report.json.',
  })
  report!: Record<string, unknown>;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The corrected file (UTF-8) when auto_fix is on.',
  })
  corrected_csv!: string | null;
}
