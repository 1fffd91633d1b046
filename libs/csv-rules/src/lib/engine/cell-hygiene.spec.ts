import fc from 'fast-check';
import type { CellContext } from '../rules/cell-context';
import { cleanCell, HYGIENE_MODES, type HygieneMode, needsCleaning, needsFullHygiene } from './cell-hygiene';

function clean(value: string, mode: HygieneMode, full: boolean): { out: string; findings: string[] } {
  const findings: string[] = [];
  const ctx: CellContext = {
    report: (rule, _m, v) => findings.push(`${rule.code}:${v}`),
    fix: (rule, _m, before, after) => findings.push(`${rule.code}:${before}→${after}`),
  };
  return { out: needsCleaning(value, mode, full) ? cleanCell(value, mode, ctx) : value, findings };
}

describe('cleanCell', () => {
  it.each<[string, HygieneMode, string]>([
    ['  Fone   Azul \t', 'single_line', 'Fone Azul'],
    ['linha 1  \n  linha 2 ', 'multi_line', 'linha 1\nlinha 2'],
    ['Fone\u0007\u200b Azul', 'single_line', 'Fone Azul'],
    ['  12,50 ', 'trim', '12,50'],
    ['  kept as is \u0001', 'none', '  kept as is '],
  ])('%j (%s) → %j', (value, mode, expected) => {
    expect(clean(value, mode, true).out).toBe(expected);
  });

  it('reports undecodable characters without touching them', () => {
    expect(clean('Aç\ufffdo', 'single_line', true)).toEqual({ out: 'Aç\ufffdo', findings: ['encoding.invalid_bytes:Aç\ufffdo'] });
  });

  it('takes the shortcut only when it cannot change the outcome (property)', () => {
    const char = fc.constantFrom('a', 'é', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u0007', '\u200b', '\ufffd', '\u0085', ',');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')), fc.constantFrom(...HYGIENE_MODES), (value, mode) => {
        fc.pre(!needsFullHygiene(value));
        expect(clean(value, mode, false)).toEqual(clean(value, mode, true));
      }),
      { numRuns: 2000 },
    );
  });
});
