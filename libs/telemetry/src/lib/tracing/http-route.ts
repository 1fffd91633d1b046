import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Names the incoming request's server span after its route template (`GET /api/v1/jobs/:id`, attribute
 * `http.route`), as the Express and Nest instrumentations would, without their span per layer and handler.
 * `route` is asked when the span ends (the route is known only once the router ran); undefined leaves the
 * span named after the method alone. Called by a middleware, inside the request's context.
 */
export function nameServerSpanByRoute(route: () => string | undefined): void {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP)
    Object.defineProperty(metadata, 'route', { get: route, enumerable: true });
}
