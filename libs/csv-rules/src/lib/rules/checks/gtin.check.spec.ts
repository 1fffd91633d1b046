import type { CellContext } from '../cell-context';
import type { GtinColumn } from '../column-spec';
import { gtinColumn } from './gtin.check';

const SPEC: GtinColumn = { name: 'gtin', kind: 'gtin', requirement: 'optional', synonyms: [] };

function check(value: string): { out: string; reported: string[]; fixed: [string, string, string][] } {
  const reported: string[] = [];
  const fixed: [string, string, string][] = [];
  const ctx: CellContext = {
    report: (rule) => reported.push(rule.code),
    fix: (rule, _m, before, after) => fixed.push([rule.code, before, after]),
  };
  const out = gtinColumn(SPEC, { prefix: 't', marketplace: 'Test', numberStyle: 'unknown' }).check(value, ctx);
  return { out, reported, fixed };
}

describe('the GTIN check', () => {
  it('accepts a valid code untouched', () => {
    expect(check('7891234567895')).toEqual({ out: '7891234567895', reported: [], fixed: [] });
  });

  it("cleans spaces, dashes and Excel's leading apostrophe", () => {
    expect(check("'789 1234-567895")).toEqual({ out: '7891234567895', reported: [], fixed: [['t.gtin.format', "'789 1234-567895", '7891234567895']] });
  });

  it('restores leading zeros only when the padded code passes the check digit', () => {
    expect(check('12345678905').fixed).toEqual([['t.gtin.padded', '12345678905', '012345678905']]);
    expect(check('12345678901')).toMatchObject({ out: '12345678901', reported: ['t.gtin.length'], fixed: [] });
  });

  it('never restores a code from scientific notation, nor pads a short number into a barcode', () => {
    expect(check('7.89123E+12')).toMatchObject({ out: '7.89123E+12', reported: ['t.gtin.scientific_notation'], fixed: [] });
    expect(check('123457')).toMatchObject({ reported: ['t.gtin.length'], fixed: [] });
  });

  it('reports a wrong check digit without changing the code', () => {
    expect(check('7891234567890')).toMatchObject({ out: '7891234567890', reported: ['t.gtin.check_digit'] });
  });
});
