import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Names the incoming request's server span after its route template (`GET /api/v1/jobs/:id`, attribute
 * `http.route`), as the Express and Nest instrumentations would, without their span per layer and handler.
 */
export function recordHttpRoute(route: string): void {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP) metadata.route = route;
}
