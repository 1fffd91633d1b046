import { DynamicModule, Global, Module } from '@nestjs/common';
import { LocalObjectStorage } from './adapters/local-object-storage';
import { ObjectStorage } from './object-storage.port';

export const STORAGE_DRIVERS = ['local'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

export interface StorageModuleOptions {
  readonly driver: StorageDriver;
  /** Root folder of the `local` driver. */
  readonly localRoot: string;
}

/** The one place a storage driver is chosen (also used outside Nest, e.g. in the worker's task threads). */
export function createObjectStorage(options: StorageModuleOptions): ObjectStorage {
  return new LocalObjectStorage(options.localRoot);
}

@Global()
@Module({})
export class StorageModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    return {
      module: StorageModule,
      providers: [{ provide: ObjectStorage, useFactory: () => createObjectStorage(options) }],
      exports: [ObjectStorage],
    };
  }
}
