import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleCatalogue } from '../src/lib/catalogue/rule-catalogue';
import { isMarketplace } from '../src/lib/csv-engine.api';
import { runCheck } from './run-check';

// fixtures/<marketplace>/<category>/ok/*.csv must pass; fixtures/<marketplace>/<category>/not-ok/<rule code>.csv
// must report that rule. Every rule in the catalogue has a not-ok file, except the two whose trigger is too big
// for a file (they are covered by the specs named here).
const ROOT = join(__dirname, 'fixtures');
const COVERED_BY_SPECS: Readonly<Record<string, string>> = {
  'column.unique_check_limited': 'engine/unique-values.spec.ts',
  'structure.record_too_long': 'reading/csv-tokenizer.spec.ts',
};

interface Fixture {
  readonly marketplace: string;
  readonly category: string;
  readonly kind: 'ok' | 'not-ok';
  readonly file: string;
  readonly path: string;
}

function corpus(): Fixture[] {
  const all: Fixture[] = [];
  const folders = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const marketplace of folders(ROOT)) {
    for (const category of folders(join(ROOT, marketplace))) {
      for (const kind of ['ok', 'not-ok'] as const) {
        const dir = join(ROOT, marketplace, category, kind);
        let files: string[] = [];
        try {
          files = readdirSync(dir);
        } catch {
          continue;
        }
        for (const file of files) all.push({ marketplace, category, kind, file, path: join(dir, file) });
      }
    }
  }
  return all;
}

const fixtures = corpus();
const label = (f: Fixture): string => `${f.marketplace}/${f.category}/${f.kind}/${f.file}`;

describe('the fixture corpus', () => {
  it.each(fixtures.filter((f) => f.kind === 'ok').map((f) => [label(f), f] as const))('%s passes', async (_name, f) => {
    if (!isMarketplace(f.marketplace)) throw new Error(`unknown marketplace folder ${f.marketplace}`);
    const { report } = await runCheck(readFileSync(f.path), { marketplace: f.marketplace, category: f.category });
    const problems = report.findings.filter((x) => x.severity !== 'info');
    expect(problems).toEqual([]);
    expect(report.summary.rows).toBeGreaterThan(0);
    expect(report.summary.invalid).toBe(0);
  });

  it.each(fixtures.filter((f) => f.kind === 'not-ok').map((f) => [label(f), f] as const))('%s reports its rule', async (_name, f) => {
    if (!isMarketplace(f.marketplace)) throw new Error(`unknown marketplace folder ${f.marketplace}`);
    const rule = f.file.replace(/\.csv$/, '');
    const input = readFileSync(f.path);
    const checked = await runCheck(input, { marketplace: f.marketplace, category: f.category });
    expect(checked.report.countsByRule[rule]).toBeGreaterThan(0);
    const fixedRun = await runCheck(input, { marketplace: f.marketplace, category: f.category, autoFix: true });
    const entry = ruleCatalogue().find((e) => e.code === rule);
    if (entry?.fixable) expect(fixedRun.report.findings.some((x) => x.rule === rule && x.fixed !== null)).toBe(true);
  });

  it('has a not-ok file for every rule in the catalogue, and none for a rule that does not exist', () => {
    const codes = ruleCatalogue().map((e) => e.code);
    const named = new Set(fixtures.filter((f) => f.kind === 'not-ok').map((f) => f.file.replace(/\.csv$/, '')));
    expect(codes.filter((c) => !named.has(c) && !(c in COVERED_BY_SPECS))).toEqual([]);
    expect([...named].filter((n) => !codes.includes(n))).toEqual([]);
  });

  it('has ok files for every encoding, delimiter and line ending', () => {
    const ok = fixtures.filter((f) => f.kind === 'ok').map((f) => f.file);
    for (const name of ['utf8', 'utf8-bom', 'windows-1252', 'utf16le-bom', 'ascii']) expect(ok).toContain(`encoding-${name}.csv`);
    for (const name of ['comma', 'semicolon', 'tab', 'pipe']) expect(ok).toContain(`delimiter-${name}.csv`);
    for (const name of ['crlf', 'cr', 'none']) expect(ok).toContain(`line-endings-${name}.csv`);
  });
});
