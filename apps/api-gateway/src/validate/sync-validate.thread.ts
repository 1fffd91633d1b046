import { Readable, Writable } from 'node:stream';
import { checkCsv, InputNotCsvError, Marketplace } from '@validahub/csv-rules';

export interface SyncValidateInput {
  readonly csv: Uint8Array;
  readonly marketplace: Marketplace;
  readonly category: string;
  readonly autoFix: boolean;
}

/** What comes back across the thread boundary (an Error's class does not: the not-CSV case is data). */
export type SyncValidateOutput =
  | {
      readonly kind: 'report';
      readonly report: Record<string, unknown>;
      readonly correctedCsv: string | null;
    }
  | { readonly kind: 'not_csv'; readonly message: string; readonly looksLike: string };

/**
 * Entry point of a validation thread (its own webpack entry, sync-validate.thread.js): the engine runs here,
 * so however long a hostile file takes, the gateway's event loop keeps answering.
 */
export default async function syncValidateThread(input: SyncValidateInput): Promise<SyncValidateOutput> {
  const corrected: Buffer[] = [];
  try {
    const report = await checkCsv(
      Readable.from([Buffer.from(input.csv.buffer, input.csv.byteOffset, input.csv.byteLength)]),
      { issues: discard(), corrected: input.autoFix ? collect(corrected) : undefined },
      { marketplace: input.marketplace, category: input.category, autoFix: input.autoFix },
    );
    return {
      kind: 'report',
      report: report as unknown as Record<string, unknown>,
      correctedCsv: input.autoFix ? Buffer.concat(corrected).toString('utf8') : null,
    };
  } catch (error) {
    if (error instanceof InputNotCsvError)
      return { kind: 'not_csv', message: error.message, looksLike: error.looksLike };
    throw error;
  }
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
