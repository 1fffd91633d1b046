import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'validahub:public-route';

/**
 * Marks a controller or handler that needs no credential (health probes). Guards that deny by default
 * (the job-service's internal-token guard) let these through and nothing else: a new route is protected
 * unless someone decides otherwise, by name, here.
 */
export const PublicRoute = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_ROUTE, true);
