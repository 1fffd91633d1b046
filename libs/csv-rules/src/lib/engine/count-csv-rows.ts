import type { CountCsvRows } from '../csv-engine.api';
import { readCsv } from '../reading/csv-reader';

const ABORT_CHECK_MASK = 4095;

/**
 * Counts records the way checkCsv reads them (same decoding, dialect and quote handling), minus the first
 * one, the header. Rows above a header that is not on the first line are counted too, so this is an upper bound
 * for checkCsv's `rowsProcessed`.
 */
export const countCsvRows: CountCsvRows = async (input, signal) => {
  let records = 0;
  await readCsv(
    input,
    {
      dialect: () => undefined,
      record: () => {
        if ((records++ & ABORT_CHECK_MASK) === 0) signal?.throwIfAborted();
      },
      issue: () => undefined,
      afterBatch: () => undefined,
    },
    signal,
  );
  return Math.max(0, records - 1);
};
