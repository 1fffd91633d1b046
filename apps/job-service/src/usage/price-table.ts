/** Prices per unit; configured by env (see JobServiceEnv), documented in README. */
export interface PriceTable {
  readonly currency: string;
  /** Per successful job. */
  readonly perJob: number;
  readonly per1000Rows: number;
  readonly perCpuSecond: number;
  /** Per GB (10^9 bytes) of input processed. */
  readonly perGbRead: number;
}

export interface Usage {
  readonly succeeded: number;
  readonly rows: number;
  readonly cpuMs: number;
  readonly bytesRead: number;
}

export interface CostLine {
  readonly item: string;
  readonly unit: string;
  readonly quantity: number;
  readonly unit_price: number;
  readonly amount: number;
}

// Money in integer millionths of the currency unit, rounded to cents once per line: no float drift.
const MICROS = 1_000_000;
const toCents = (micros: number) => Math.round(micros / 10_000) / 100;

/** The bill for a period: one line per priced quantity, each rounded to cents, and their sum. */
export function priceUsage(usage: Usage, prices: PriceTable): { lines: CostLine[]; total: number } {
  const line = (item: string, unit: string, quantity: number, unitPrice: number): CostLine => ({
    item,
    unit,
    quantity,
    unit_price: unitPrice,
    amount: toCents(Math.round(quantity * Math.round(unitPrice * MICROS))),
  });
  const lines = [
    line('jobs', 'per successful job', usage.succeeded, prices.perJob),
    line('rows', 'per 1000 rows', usage.rows / 1000, prices.per1000Rows),
    line('cpu', 'per CPU second', usage.cpuMs / 1000, prices.perCpuSecond),
    line('data', 'per GB of input', usage.bytesRead / 1e9, prices.perGbRead),
  ];
  return { lines, total: Math.round(lines.reduce((sum, l) => sum + l.amount * 100, 0)) / 100 };
}
