import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { INTERNAL_TOKEN_HEADER } from '@validahub/job-contracts';
import { ApiException } from '@validahub/http-kit';
import type { Request } from 'express';
import { JobServiceConfig } from './config/job-service.config';

/** When INTERNAL_TOKEN is set, only callers presenting it (the gateway) reach the internal API. */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: JobServiceConfig) {
    this.expected = config.internalToken ? Buffer.from(config.internalToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.path.startsWith('/internal/')) return true;
    const presented = Buffer.from(request.header(INTERNAL_TOKEN_HEADER) ?? '');
    if (presented.length === this.expected.length && timingSafeEqual(presented, this.expected)) return true;
    throw new ApiException('FORBIDDEN', 'This internal API is for the gateway only.');
  }
}
