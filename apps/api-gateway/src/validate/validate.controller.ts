import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Marketplace } from '@validahub/csv-rules';
import { ApiException, validationErrorToFields } from '@validahub/http-kit';
import { ThreadPoolFullError, ThreadTimeLimitError } from '@validahub/thread-pool';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequestRateGuard } from '../limits/request-rate.guard';
import { TOO_MANY_REQUESTS } from '../limits/request-rate-policy';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { FormTooLargeError, readBufferedForm } from './buffered-form';
import { SyncValidateFields, SyncValidateResponse } from './sync-validate.request';
import { SyncValidateOutput } from './sync-validate.thread';
import { SyncValidationPool } from './sync-validation-pool';

/** Small files answered on the spot with the same engine and report a job would produce. */
@ApiTags('validate')
@ApiBearerAuth()
@Controller('api/v1/validate')
@UseGuards(ApiKeyGuard, RequestRateGuard)
@ApiTooManyRequestsResponse({ description: TOO_MANY_REQUESTS })
export class ValidateController {
  constructor(
    private readonly config: ApiGatewayConfig,
    private readonly pool: SyncValidationPool,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'marketplace', 'category'],
      properties: {
        file: { type: 'string', format: 'binary' },
        marketplace: { type: 'string' },
        category: { type: 'string' },
        auto_fix: { type: 'boolean' },
      },
    },
  })
  @ApiOkResponse({ type: SyncValidateResponse })
  async validate(@Req() request: Request): Promise<SyncValidateResponse> {
    const limit = this.config.maxSyncFileSize;
    const tooLarge = () =>
      new ApiException(
        'FILE_TOO_LARGE',
        `Files over ${limit} bytes are validated as a job: upload with POST /api/v1/files, then POST /api/v1/jobs.`,
        {
          max_bytes: limit,
          use: '/api/v1/jobs',
        },
      );
    let form;
    try {
      form = await readBufferedForm(request, limit);
    } catch (error) {
      throw error instanceof FormTooLargeError ? tooLarge() : error;
    }
    const fields = plainToInstance(SyncValidateFields, form.fields);
    const problems = validationErrorToFields(await validate(fields, { forbidUnknownValues: false }));
    if (!form.file) problems.push({ field: 'file', message: 'file is required' });
    if (problems.length > 0) {
      throw new ApiException(
        'VALIDATION_FAILED',
        `${problems.length} invalid field(s): ${[...new Set(problems.map((p) => p.field))].join(', ')}`,
        { fields: problems },
      );
    }
    let outcome: SyncValidateOutput;
    try {
      outcome = await this.pool.validate({
        csv: form.file as Buffer,
        marketplace: fields.marketplace as Marketplace,
        category: fields.category,
        autoFix: fields.auto_fix ?? false,
      });
    } catch (error) {
      throw asApiError(error);
    }
    if (outcome.kind === 'not_csv')
      throw new ApiException('INPUT_NOT_CSV', outcome.message, { looks_like: outcome.looksLike });
    return { report: outcome.report, corrected_csv: outcome.correctedCsv };
  }
}

/** A full pool or an overrun is the answer, not an internal error. */
function asApiError(error: unknown): unknown {
  if (error instanceof ThreadPoolFullError)
    return new ApiException(
      'VALIDATION_BUSY',
      'Every validation slot is busy; retry shortly, or submit the file as a job (POST /api/v1/jobs).',
      undefined,
      { 'Retry-After': String(error.retryAfterSeconds) },
    );
  if (error instanceof ThreadTimeLimitError)
    return new ApiException(
      'VALIDATION_TIME_LIMIT',
      `Validating this file took longer than ${error.limitMs} ms; submit it as a job (POST /api/v1/jobs).`,
      { limit_ms: error.limitMs, use: '/api/v1/jobs' },
    );
  return error;
}
