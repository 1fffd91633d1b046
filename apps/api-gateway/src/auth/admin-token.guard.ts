import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiException } from '@validahub/http-kit';
import type { Request } from 'express';
import { AdminToken } from './admin-token';
import { bearerToken } from './bearer-token';

/** `Authorization: Bearer <ADMIN_TOKEN>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly adminToken: AdminToken) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<Request>());
    if (!token)
      throw new ApiException(
        'UNAUTHENTICATED',
        'Send the admin token as `Authorization: Bearer <ADMIN_TOKEN>`.',
      );
    if (!this.adminToken.matches(token)) throw new ApiException('FORBIDDEN', 'Wrong admin token.');
    return true;
  }
}
