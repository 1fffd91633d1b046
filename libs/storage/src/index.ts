export * from './lib/object-storage.port';
export * from './lib/object-key';
export * from './lib/storage.module';
export { LocalObjectStorage } from './lib/adapters/local-object-storage';
export * from './lib/storage-env';
