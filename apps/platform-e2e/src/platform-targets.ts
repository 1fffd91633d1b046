import { EmbeddedPlatform } from './embedded-platform';
import { Platform, PlatformOptions } from './platform';

/** What a suite that runs against either way of running the platform needs to know about it. */
export interface PlatformTarget {
  readonly gatewayUrl: string;
  readonly jobServiceUrl: string;
  readonly adminToken: string;
  readonly storageRoot: string;
  /** The process that serves the gateway (the launcher itself under `npm start`). */
  gatewayPid(): number | undefined;
  /** Every process of the platform by name, with its pid (undefined once it has exited). */
  processes(): Record<string, number | undefined>;
}

export interface TargetLifecycle {
  readonly name: string;
  setUp(): Promise<PlatformTarget>;
  tearDown(): Promise<void>;
}

/** The production path: three processes (`node dist/apps/…`) on real Postgres and Redis, tokens set. */
export function productionTarget(env: PlatformOptions['env'] = {}): TargetLifecycle {
  const platform = new Platform({ env });
  return {
    name: 'production path (three processes, real Postgres and Redis, tokens set)',
    setUp: async () => {
      await platform.start();
      return {
        gatewayUrl: platform.gatewayUrl,
        jobServiceUrl: platform.urlOf('job-service'),
        adminToken: platform.adminToken,
        storageRoot: platform.storageRoot,
        gatewayPid: () => platform.pidOf('api-gateway'),
        processes: () => Object.fromEntries(platform.instances.map((i) => [i, platform.pidOf(i)])),
      };
    },
    tearDown: () => platform.dispose(),
  };
}

/** The embedded default (`npm start`): one process, an embedded Postgres, the in-memory queue. */
export function embeddedTarget(env: Record<string, string> = {}): TargetLifecycle {
  const embedded = new EmbeddedPlatform();
  return {
    name: 'embedded default (npm start: one process, no servers)',
    setUp: async () => {
      await embedded.start(env);
      return {
        gatewayUrl: embedded.gatewayUrl,
        jobServiceUrl: embedded.jobServiceUrl,
        adminToken: embedded.adminToken,
        storageRoot: embedded.storageRoot,
        gatewayPid: () => embedded.pid,
        processes: () => ({ launcher: embedded.pid }),
      };
    },
    tearDown: () => embedded.dispose(),
  };
}
