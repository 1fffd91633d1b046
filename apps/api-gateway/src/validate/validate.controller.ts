import { Readable, Writable } from 'node:stream';
import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { checkCsv, InputNotCsvError, Marketplace } from '@validahub/csv-rules';
import { ApiException, validationErrorToFields } from '@validahub/http-kit';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { FormTooLargeError, readBufferedForm } from './buffered-form';
import { SyncValidateFields, SyncValidateResponse } from './sync-validate.request';

/** Small files answered on the spot with the same engine and report a job would produce. */
@ApiTags('validate')
@ApiBearerAuth()
@Controller('api/v1/validate')
@UseGuards(ApiKeyGuard)
export class ValidateController {
  constructor(private readonly config: ApiGatewayConfig) {}

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
    const corrected: Buffer[] = [];
    const report = await checkCsv(
      Readable.from([form.file as Buffer]),
      { issues: discard(), corrected: fields.auto_fix ? collect(corrected) : undefined },
      {
        marketplace: fields.marketplace as Marketplace,
        category: fields.category,
        autoFix: fields.auto_fix ?? false,
      },
    ).catch((error: unknown) => {
      if (!(error instanceof InputNotCsvError)) throw error;
      throw new ApiException('INPUT_NOT_CSV', error.message, { looks_like: error.looksLike });
    });
    return {
      report: report as unknown as Record<string, unknown>,
      corrected_csv: fields.auto_fix ? Buffer.concat(corrected).toString('utf8') : null,
    };
  }
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function collect(into: Buffer[]): Writable {
  return new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      into.push(chunk);
      done();
    },
  });
}
