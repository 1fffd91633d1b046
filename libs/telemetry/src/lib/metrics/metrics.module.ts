import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry';

/**
 * Provides the service's MetricsRegistry. `createHttpApp` imports it for every service; an app module whose
 * providers record metrics imports it too, so it also works as a plain application context (tests). Nest
 * keeps one instance per application either way.
 */
@Global()
@Module({
  providers: [{ provide: MetricsRegistry, useFactory: () => new MetricsRegistry() }],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
