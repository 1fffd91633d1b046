import { IsIn, IsString } from 'class-validator';
import { STORAGE_DRIVERS, StorageDriver, StorageModuleOptions } from './storage.module';

/** The storage variables of every service that reads or writes files. */
export class StorageEnv {
  @IsIn(STORAGE_DRIVERS) STORAGE_DRIVER: StorageDriver = 'local';
  /** Shared folder of the `local` driver (a shared volume when the services run on several machines). */
  @IsString() STORAGE_LOCAL_ROOT = '.data/files';
}

export function storageOptionsFromEnv(env: StorageEnv): StorageModuleOptions {
  return { driver: env.STORAGE_DRIVER, localRoot: env.STORAGE_LOCAL_ROOT };
}
