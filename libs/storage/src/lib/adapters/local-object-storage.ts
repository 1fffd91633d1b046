import { createHash, randomUUID } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey } from '../object-key';
import {
  ListedObject,
  ObjectNotFoundError,
  ObjectStorage,
  ObjectTooLargeError,
  StoredObject,
} from '../object-storage.port';

const SCHEME = 'local://';
const PARTIAL = '.partial-';
/**
 * Up to this size `putBytes`/`getBytes` use the synchronous file calls: a few syscalls for a few kilobytes,
 * where the asynchronous ones each cost a trip through libuv's thread pool (and cost more than the I/O).
 */
const SYNC_IO_MAX_BYTES = 256 * 1024;

/**
 * Objects as files under one root folder (a shared volume when the services run apart). Writes go to a
 * temporary name and are renamed into place, so a reader never sees half a file.
 */
export class LocalObjectStorage extends ObjectStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, body: Readable, options: { maxBytes?: number } = {}): Promise<StoredObject> {
    // The pipeline below reports a failing body; until it takes the body (the folder is still being made),
    // a failure with no listener would end the process.
    body.on('error', () => undefined);
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}${PARTIAL}${randomUUID()}`;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes)
          return done(new ObjectTooLargeError(options.maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { key, uri: this.uriFor(key), size, sha256: hash.digest('hex') };
  }

  async putBytes(key: string, bytes: Uint8Array): Promise<StoredObject> {
    if (bytes.length > SYNC_IO_MAX_BYTES) return this.put(key, Readable.from([bytes]));
    const path = this.pathOf(key);
    const partial = `${path}${PARTIAL}${randomUUID()}`;
    try {
      try {
        writeFileSync(partial, bytes, { flag: 'wx' });
      } catch (error) {
        // The first object of a folder: make the folder, once.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(partial, bytes, { flag: 'wx' });
      }
      renameSync(partial, path);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { key, uri: this.uriFor(key), size: bytes.length, sha256 };
  }

  async getBytes(key: string): Promise<Buffer> {
    try {
      // Small by contract: read at once, without the thread pool.
      return readFileSync(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const stream = createReadStream(path);
    // Surface a missing file as a rejection here rather than as a stream error later.
    await new Promise<void>((resolveOpen, rejectOpen) => {
      stream.once('open', () => resolveOpen());
      stream.once('error', (error: NodeJS.ErrnoException) =>
        rejectOpen(error.code === 'ENOENT' ? new ObjectNotFoundError(key) : error),
      );
    });
    return stream;
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertValidKey(prefix, { prefix: true });
    const path = join(this.root, prefix);
    await rm(path, { recursive: true, force: true });
    await this.pruneEmptyParents(dirname(path));
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await this.pruneEmptyParents(dirname(path));
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertValidKey(prefix, { prefix: true });
    const folder = join(this.root, prefix);
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      },
    );
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      // Gone since the listing (a concurrent delete): not listed.
      const info = await stat(path).catch(() => undefined);
      if (info)
        yield {
          key: relative(this.root, path).split(sep).join('/'),
          size: info.size,
          modifiedAt: info.mtime,
        };
    }
  }

  async *listPrefixes(prefix: string): AsyncIterable<string> {
    assertValidKey(prefix, { prefix: true });
    const entries = await readdir(join(this.root, prefix), { withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
        throw error;
      },
    );
    const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
    for (const entry of entries) {
      if (entry.isDirectory()) yield `${folder}${entry.name}/`;
      // A `.partial-` file is a put still streaming (or one a crash cut short): not an object.
      else if (entry.isFile() && !entry.name.includes(PARTIAL)) yield `${folder}${entry.name}`;
    }
  }

  uriFor(key: string): string {
    return `${SCHEME}${key}`;
  }

  keyFromUri(uri: string): string | null {
    if (!uri.startsWith(SCHEME)) return null;
    const key = uri.slice(SCHEME.length);
    try {
      assertValidKey(key);
      return key;
    } catch {
      return null;
    }
  }

  // Folders are an artefact of this driver (object stores have none): do not leave empty ones behind.
  private async pruneEmptyParents(dir: string): Promise<void> {
    while (dir.startsWith(`${this.root}/`)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      dir = dirname(dir);
    }
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return join(this.root, key);
  }
}
