import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiException } from '@validahub/http-kit';
import type { Request } from 'express';
import { ApiGatewayConfig } from '../config/api-gateway.config';
import { bearerToken } from './bearer-token';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: ApiGatewayConfig) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<Request>());
    if (!token)
      throw new ApiException(
        'UNAUTHENTICATED',
        'Send the admin token as `Authorization: Bearer <ADMIN_TOKEN>`.',
      );
    if (!timingSafeEqual(digest(token), this.expected))
      throw new ApiException('FORBIDDEN', 'Wrong admin token.');
    return true;
  }
}
