import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { INTERNAL_TOKEN_HEADER } from '@validahub/job-contracts';
import { ApiException, PUBLIC_ROUTE } from '@validahub/http-kit';
import type { Request } from 'express';
import { JobServiceConfig } from './config/job-service.config';
import { isLoopback } from './config/loopback';

/**
 * Every route of the job-service is the gateway's alone, except those marked @PublicRoute (health probes).
 * The decision is made on the route that matched, never on the path's spelling, so no case or encoding
 * trick reaches a handler unguarded. With INTERNAL_TOKEN the caller must present it (compared in constant
 * time); without it the service only listens on loopback (the config refuses anything else) and only
 * loopback peers pass.
 */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(
    config: JobServiceConfig,
    private readonly reflector: Reflector,
  ) {
    this.expected = config.internalToken ? Buffer.from(config.internalToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]))
      return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (this.expected ? this.presentsToken(request, this.expected) : isLoopbackPeer(request)) return true;
    throw new ApiException('FORBIDDEN', 'This internal API is for the gateway only.');
  }

  private presentsToken(request: Request, expected: Buffer): boolean {
    const presented = Buffer.from(request.header(INTERNAL_TOKEN_HEADER) ?? '');
    // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the guess.
    const same = timingSafeEqual(presented.length === expected.length ? presented : expected, expected);
    return same && presented.length === expected.length;
  }
}

function isLoopbackPeer(request: Request): boolean {
  return isLoopback(request.socket.remoteAddress ?? '');
}
