import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { recordHttpRoute } from '@validahub/telemetry';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { routeOf } from './metrics/http-metrics.middleware';

/** Once a route matched, the request's server span is named after it (see recordHttpRoute). */
@Injectable()
export class RouteSpanInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    recordHttpRoute(routeOf(context.switchToHttp().getRequest<Request>()));
    return next.handle();
  }
}
