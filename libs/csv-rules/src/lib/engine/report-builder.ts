import type { CsvReport, Marketplace } from '../csv-engine.api';
import type { ByteDecoder } from '../reading/byte-decoder';
import type { CsvTokenizer } from '../reading/csv-tokenizer';
import type { Dialect } from '../reading/dialect-sniffer';
import type { FindingsSink } from './findings-sink';
import type { FilePlan } from './file-plan';
import { REPORT_COLUMNS_LIMIT } from '../csv-engine.api';
import { clipText } from './clip-text';

export interface ReportInput {
  readonly marketplace: Marketplace;
  readonly category: string;
  readonly rulePackVersion: string;
  readonly sink: FindingsSink;
  readonly decoder: ByteDecoder;
  readonly dialect: Dialect | null;
  readonly tokenizer: CsvTokenizer | null;
  readonly plan: FilePlan | null;
  readonly headerLine: number | null;
  /** Short rows written to corrected.csv without padding. */
  readonly unpaddedRows: number;
}

/** report.json: the totals, what was detected, the counts and the first findings. */
export function buildReport(input: ReportInput): CsvReport {
  const { sink, plan, tokenizer } = input;
  const tally = plan?.checker.tally ?? { rows: 0, valid: 0, invalid: 0, fixed: 0 };
  const quoted = tokenizer?.quotedFields ?? 0;
  const allSlots = plan?.header.slots ?? [];
  const slots = allSlots.length > REPORT_COLUMNS_LIMIT ? allSlots.slice(0, REPORT_COLUMNS_LIMIT) : allSlots;
  return {
    marketplace: input.marketplace,
    category: input.category,
    rulePackVersion: input.rulePackVersion,
    summary: {
      rows: tally.rows,
      valid: tally.valid,
      invalid: tally.invalid,
      fixed: tally.fixed,
      errors: sink.bySeverity.error,
      warnings: sink.bySeverity.warning,
      infos: sink.bySeverity.info,
    },
    detection: {
      encoding: input.decoder.encoding,
      bom: input.decoder.bom,
      delimiter: input.dialect?.delimiter ?? ',',
      lineEnding: input.dialect?.lineEnding ?? 'none',
      headers: slots.map((s) => clipText(s.header)),
      quoting: quoted === 0 ? 'none' : quoted === tokenizer?.fields ? 'all' : 'some',
      columns: slots.map((s) => ({ header: clipText(s.header), column: s.spec ? s.spec.name : null })),
      columnCount: allSlots.length,
      headerLine: input.headerLine,
      invalidBytes: input.decoder.invalidBytes.count,
    },
    countsByRule: Object.fromEntries(sink.byRule),
    countsByColumn: Object.fromEntries(sink.byColumn),
    findings: sink.kept,
    findingsTruncated: sink.kept.length < sink.total,
    truncation: {
      findingsPerRule: sink.perRule,
      droppedFindings: sink.dropped,
      droppedByRule: Object.fromEntries(sink.droppedByRule),
      issuesSizeLimited: sink.sizeLimited,
      uncountedColumns: sink.uncountedColumns,
      unpaddedRows: input.unpaddedRows,
    },
  };
}
