import type { Readable } from 'node:stream';

export interface StoredObject {
  readonly key: string;
  readonly uri: string;
  readonly size: number;
  /** Hex SHA-256 of the bytes, computed while streaming. */
  readonly sha256: string;
}

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

export class ObjectTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`object is larger than ${limitBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no object at ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}

export class InvalidObjectKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid object key: ${JSON.stringify(key)}`);
    this.name = 'InvalidObjectKeyError';
  }
}

/**
 * Where input files and job artifacts live (a shared folder here, S3 later). Shared by the gateway (uploads,
 * downloads), the worker (reads inputs, writes artifacts) and the job-service (checks inputs, cleans up).
 */
export abstract class ObjectStorage {
  /** Streams `body` to `key`. The object appears all at once or not at all; past `maxBytes` nothing is kept. */
  abstract put(key: string, body: Readable, options?: { maxBytes?: number }): Promise<StoredObject>;
  /** Rejects with ObjectNotFoundError when there is no such object. */
  abstract open(key: string): Promise<Readable>;
  /**
   * `put` for a body already in memory (a small artifact): one request to an object store, and no stream
   * machinery for a few kilobytes. Same guarantees: all or nothing.
   */
  abstract putBytes(key: string, bytes: Uint8Array): Promise<StoredObject>;
  /**
   * The whole object, for one known to be small (a driver may read it synchronously: check `stat` first).
   * ObjectNotFoundError when absent.
   */
  abstract getBytes(key: string): Promise<Buffer>;
  abstract stat(key: string): Promise<{ size: number } | null>;
  /** Deletes every object whose key starts with `prefix` (a folder-like prefix ending in `/`). */
  abstract deletePrefix(prefix: string): Promise<void>;
  /** Deletes one object; an object that is not there is no error. */
  abstract delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix` (a folder-like prefix ending in `/`), in no set order. */
  abstract list(prefix: string): AsyncIterable<ListedObject>;
  /**
   * What lies directly under `prefix` (a folder-like prefix ending in `/`), as an object store lists with
   * the delimiter `/`: the keys of the objects there, and the sub-prefixes (ending in `/`) below it. In no
   * particular order, possibly fetched page by page; nothing under `prefix` yields nothing. A write still in
   * progress is not an object yet (a driver may still show the sub-prefix it is being written under).
   */
  abstract listPrefixes(prefix: string): AsyncIterable<string>;
  /** The URI clients and job params use for `key`. */
  abstract uriFor(key: string): string;
  /** The key behind one of this storage's URIs, or null when the URI is not one of ours. */
  abstract keyFromUri(uri: string): string | null;
}
