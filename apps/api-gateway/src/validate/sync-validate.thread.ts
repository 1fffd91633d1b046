import { Readable, Writable } from 'node:stream';
import { checkCsv, Marketplace } from '@validahub/csv-rules';

export interface SyncValidateInput {
  readonly csv: Uint8Array;
  readonly marketplace: Marketplace;
  readonly category: string;
  readonly autoFix: boolean;
}

export interface SyncValidateOutput {
  readonly report: Record<string, unknown>;
  readonly correctedCsv: string | null;
}

/**
 * Entry point of a validation thread (its own webpack entry, sync-validate.thread.js): the engine runs here,
 * so however long a hostile file takes, the gateway's event loop keeps answering.
 */
export default async function syncValidateThread(input: SyncValidateInput): Promise<SyncValidateOutput> {
  const corrected: Buffer[] = [];
  const report = await checkCsv(
    Readable.from([Buffer.from(input.csv.buffer, input.csv.byteOffset, input.csv.byteLength)]),
    { issues: discard(), corrected: input.autoFix ? collect(corrected) : undefined },
    { marketplace: input.marketplace, category: input.category, autoFix: input.autoFix },
  );
  return {
    report: report as unknown as Record<string, unknown>,
    correctedCsv: input.autoFix ? Buffer.concat(corrected).toString('utf8') : null,
  };
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function collect(into: Buffer[]): Writable {
  return new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      into.push(chunk);
      done();
    },
  });
}
