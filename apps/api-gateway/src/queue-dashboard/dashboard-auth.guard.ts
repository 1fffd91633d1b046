import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiException } from '@validahub/http-kit';
import type { Request } from 'express';
import { AdminToken } from '../auth/admin-token';
import { basicPassword } from '../auth/basic-password';
import { bearerToken } from '../auth/bearer-token';

// A browser cannot send a Bearer token to a page it opens; Basic makes it ask for the credential.
const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="ValidaHub queue dashboard", charset="UTF-8"' };

/**
 * The admin credential, as for the admin API: `Authorization: Bearer <ADMIN_TOKEN>`, or Basic with
 * ADMIN_TOKEN as the password (any user name) so that a browser can log in.
 */
@Injectable()
export class DashboardAuthGuard implements CanActivate {
  constructor(private readonly adminToken: AdminToken) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const bearer = bearerToken(request);
    if (bearer !== undefined) {
      if (this.adminToken.matches(bearer)) return true;
      throw new ApiException('FORBIDDEN', 'Wrong admin token.');
    }
    const password = basicPassword(request);
    if (password !== undefined && this.adminToken.matches(password)) return true;
    // A wrong Basic password asks again (a 403 would leave the browser with no way to retry).
    throw new ApiException(
      'UNAUTHENTICATED',
      password === undefined
        ? 'Log in with the admin token as the password (any user name), or send `Authorization: Bearer <ADMIN_TOKEN>`.'
        : 'Wrong admin token.',
      undefined,
      CHALLENGE,
    );
  }
}
