import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { InvalidObjectKeyError, ObjectNotFoundError, ObjectTooLargeError } from '../object-storage.port';
import { LocalObjectStorage } from './local-object-storage';

describe('LocalObjectStorage', () => {
  let root: string;
  let storage: LocalObjectStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vh-storage-'));
    storage = new LocalObjectStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes and reads a small object in one piece, making its folder, with the same guarantees as put', async () => {
    const stored = await storage.putBytes(
      'tenants/t1/jobs/j1/attempt-1-aaaa/report.json',
      Buffer.from('{"ok":true}'),
    );
    expect(stored).toEqual({
      key: 'tenants/t1/jobs/j1/attempt-1-aaaa/report.json',
      uri: 'local://tenants/t1/jobs/j1/attempt-1-aaaa/report.json',
      size: 11,
      sha256: createHash('sha256').update('{"ok":true}').digest('hex'),
    });
    // A second object of the same folder, and a large one (which streams).
    await storage.putBytes('tenants/t1/jobs/j1/attempt-1-aaaa/issues.csv', Buffer.from('a\n'));
    const large = Buffer.alloc(300 * 1024, 'x');
    expect((await storage.putBytes('tenants/t1/jobs/j1/attempt-1-aaaa/big.csv', large)).size).toBe(
      large.length,
    );
    expect((await storage.getBytes('tenants/t1/jobs/j1/attempt-1-aaaa/report.json')).toString()).toBe(
      '{"ok":true}',
    );
    expect(await readdir(join(root, 'tenants/t1/jobs/j1/attempt-1-aaaa'))).toEqual([
      'big.csv',
      'issues.csv',
      'report.json',
    ]);
    await expect(storage.getBytes('tenants/t1/jobs/j1/none.json')).rejects.toBeInstanceOf(
      ObjectNotFoundError,
    );
    await expect(storage.putBytes('../escape.json', Buffer.from('x'))).rejects.toBeInstanceOf(
      InvalidObjectKeyError,
    );
  });

  it('stores a stream and reports size and sha256', async () => {
    const body = 'sku,title\n1,Caneca\n';
    const stored = await storage.put('tenants/t1/inputs/a.csv', Readable.from([body]));
    expect(stored).toEqual({
      key: 'tenants/t1/inputs/a.csv',
      uri: 'local://tenants/t1/inputs/a.csv',
      size: Buffer.byteLength(body),
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(await text(await storage.open(stored.key))).toBe(body);
    expect(await storage.stat(stored.key)).toEqual({ size: Buffer.byteLength(body) });
  });

  it('keeps nothing when the object exceeds the limit', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1024, 65));
    await expect(
      storage.put('tenants/t1/inputs/big.csv', Readable.from(chunks), { maxBytes: 4096 }),
    ).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await readdir(join(root, 'tenants/t1/inputs'))).toEqual([]);
  });

  it('keeps nothing when the source stream fails midway', async () => {
    const failing = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put('tenants/t1/inputs/cut.csv', failing)).rejects.toThrow('client went away');
    expect(await storage.stat('tenants/t1/inputs/cut.csv')).toBeNull();
    expect(await readdir(join(root, 'tenants/t1/inputs'))).toEqual([]);
  });

  it('rejects keys that could escape the root', async () => {
    for (const key of ['../etc/passwd', '/abs', 'a//b', 'a/../b', '', 'a/.hidden']) {
      await expect(storage.put(key, Readable.from(['x']))).rejects.toBeInstanceOf(InvalidObjectKeyError);
    }
  });

  it('maps its URIs back to keys and refuses foreign ones', () => {
    expect(storage.keyFromUri('local://tenants/t1/inputs/a.csv')).toBe('tenants/t1/inputs/a.csv');
    expect(storage.keyFromUri('s3://bucket/a.csv')).toBeNull();
    expect(storage.keyFromUri('local://../../etc/passwd')).toBeNull();
  });

  it('reports a missing object on open and stat', async () => {
    await expect(storage.open('tenants/t1/inputs/none.csv')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await storage.stat('tenants/t1/inputs/none.csv')).toBeNull();
  });

  it('deletes by prefix', async () => {
    await storage.put('tenants/t1/jobs/j1/attempt-1/report.json', Readable.from(['{}']));
    await storage.put('tenants/t1/jobs/j2/attempt-1/report.json', Readable.from(['{}']));
    await storage.deletePrefix('tenants/t1/jobs/j1/');
    expect(await storage.stat('tenants/t1/jobs/j1/attempt-1/report.json')).toBeNull();
    expect(await storage.stat('tenants/t1/jobs/j2/attempt-1/report.json')).not.toBeNull();
    // No empty folders are left behind, but non-empty ones stay.
    expect(await readdir(join(root, 'tenants/t1/jobs'))).toEqual(['j2']);
  });

  it('deletes one object (a missing one is no error) and leaves no empty folder', async () => {
    await storage.put('tenants/t1/inputs/a.csv', Readable.from(['a']));
    await storage.put('tenants/t1/jobs/j1/report.json', Readable.from(['{}']));
    await storage.delete('tenants/t1/inputs/a.csv');
    await storage.delete('tenants/t1/inputs/a.csv');
    expect(await storage.stat('tenants/t1/inputs/a.csv')).toBeNull();
    expect(await readdir(join(root, 'tenants/t1'))).toEqual(['jobs']);
    await expect(storage.delete('../outside.csv')).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it('lists the objects under a prefix with their size and time, nothing for a missing prefix', async () => {
    await storage.put('tenants/t1/inputs/a.csv', Readable.from(['abc']));
    await storage.put('tenants/t2/inputs/b.csv', Readable.from(['de']));
    await storage.put('tenants/t2/jobs/j1/report.json', Readable.from(['{}']));
    const listed = [];
    for await (const object of storage.list('tenants/')) listed.push(object);
    expect(listed.map(({ key, size }) => ({ key, size })).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      [
        { key: 'tenants/t1/inputs/a.csv', size: 3 },
        { key: 'tenants/t2/inputs/b.csv', size: 2 },
        { key: 'tenants/t2/jobs/j1/report.json', size: 2 },
      ],
    );
    for (const object of listed) expect(Number.isFinite(object.modifiedAt.getTime())).toBe(true);
    const none = [];
    for await (const object of storage.list('tenants/t9/inputs/')) none.push(object);
    expect(none).toEqual([]);
  });

  it('lists one level under a prefix: objects and sub-prefixes, not writes in progress', async () => {
    await storage.put('tenants/t1/jobs/j1/attempt-1-aaaa/report.json', Readable.from(['{}']));
    await storage.put('tenants/t1/jobs/j1/attempt-2-bbbb/issues.csv', Readable.from(['sku']));
    await storage.put('tenants/t1/jobs/j1/notes.txt', Readable.from(['x']));
    // A put cut short by a crash leaves its temporary file: not an object, but its folder is listed.
    await mkdir(join(root, 'tenants/t1/jobs/j1/attempt-3-cccc'));
    await writeFile(join(root, 'tenants/t1/jobs/j1/attempt-3-cccc/issues.csv.partial-0123'), 'sku');
    await writeFile(join(root, 'tenants/t1/jobs/j1/report.json.partial-4567'), '{');

    const listed = async (prefix: string) => {
      const entries: string[] = [];
      for await (const entry of storage.listPrefixes(prefix)) entries.push(entry);
      return entries.sort();
    };
    expect(await listed('tenants/t1/jobs/j1/')).toEqual([
      'tenants/t1/jobs/j1/attempt-1-aaaa/',
      'tenants/t1/jobs/j1/attempt-2-bbbb/',
      'tenants/t1/jobs/j1/attempt-3-cccc/',
      'tenants/t1/jobs/j1/notes.txt',
    ]);
    expect(await listed('tenants/t1/jobs/j1/attempt-3-cccc/')).toEqual([]);
    expect(await listed('tenants/t1/jobs/none/')).toEqual([]);
    expect(await listed('tenants/t1/jobs/j1/notes.txt/')).toEqual([]);
    await expect(listed('../')).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });
});
