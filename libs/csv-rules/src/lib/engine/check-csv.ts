import { type CheckCsv, type CsvReport, FINDINGS_PER_RULE_LIMIT } from '../csv-engine.api';
import { categoryColumns, findCategory } from '../packs/category-columns';
import { packFor } from '../packs/pack-registry';
import { readCsv } from '../reading/csv-reader';
import { CheckRun } from './check-run';
import { ENGINE_RULES } from './engine-rules';
import { FindingsSink } from './findings-sink';
import { buildReport } from './report-builder';
import { SinkWriter } from './sink-writer';

/**
 * Validates (and with `autoFix`, corrects) a catalog in one streaming pass. Bad bytes, structure and values
 * become findings; only an input that is not a CSV at all (InputNotCsvError, before anything is written), an abort
 * (with the signal's reason), a failing input stream or a failing sink reject. The sinks are written to, never
 * ended.
 */
export const checkCsv: CheckCsv = async (input, sinks, options) => {
  const pack = packFor(options.marketplace);
  const requested = findCategory(pack, options.category);
  const category = requested ?? pack.categories[0];
  const perRule = options.findingsPerRule ?? FINDINGS_PER_RULE_LIMIT;
  if (!Number.isInteger(perRule) || perRule < 0)
    throw new RangeError(`findingsPerRule must be an integer ≥ 0, not ${perRule}.`);
  const sink = new FindingsSink(options.autoFix, perRule);
  const issues = new SinkWriter(sinks.issues, options.signal);
  const corrected =
    options.autoFix && sinks.corrected ? new SinkWriter(sinks.corrected, options.signal) : null;
  try {
    if (!requested) {
      sink
        .at(null, null, null)
        .report(
          ENGINE_RULES.categoryUnknown,
          `"${options.category}" is not a ${pack.name} category here (${pack.categories.map((c) => c.slug).join(', ')}); the generic rules were used.`,
          options.category,
        );
    }
    const run = new CheckRun(
      pack,
      category,
      categoryColumns(pack, category),
      sink,
      { issues, corrected },
      options,
    );
    const read = await readCsv(input, run, options.signal);
    run.reportDecoding(read.decoder);
    await run.finish(read.bytesRead);
    const report: CsvReport = buildReport({
      marketplace: options.marketplace,
      category: category.slug,
      rulePackVersion: pack.version,
      sink,
      decoder: read.decoder,
      dialect: run.dialectFound,
      tokenizer: read.tokenizer,
      plan: run.plan,
      headerLine: run.headerLine,
      unpaddedRows: run.unpaddedRows,
    });
    return report;
  } finally {
    issues.release();
    corrected?.release();
  }
};
