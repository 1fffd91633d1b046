import fc from 'fast-check';
import { runCheck } from '../../../test/run-check';
import { UNIQUE_TRACKING_LIMIT, UniqueValues } from './unique-values';

describe('UniqueValues', () => {
  it('returns the first row of a repeated value', () => {
    const seen = new UniqueValues();
    expect(seen.see('A', 1)).toBe(0);
    expect(seen.see('B', 2)).toBe(0);
    expect(seen.see('A', 3)).toBe(1);
    expect(seen.see('', 4)).toBe(0);
    expect(seen.see('', 5)).toBe(4);
  });

  it('agrees with an exact set on arbitrary values, through the table growing (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { minLength: 5000, maxLength: 9000 }), (values) => {
        const seen = new UniqueValues();
        const exact = new Map<string, number>();
        const expected = values.map((v, i) => {
          const earlier = exact.get(v) ?? 0;
          if (!exact.has(v)) exact.set(v, i + 1);
          return earlier;
        });
        expect(values.map((v, i) => seen.see(v, i + 1))).toEqual(expected);
      }),
      { numRuns: 10 },
    );
  });

  it('stops remembering at its bound', () => {
    const seen = new UniqueValues(2);
    seen.see('a', 1);
    seen.see('b', 2);
    expect([seen.see('c', 3), seen.limitReached, seen.see('a', 4), seen.see('c', 5)]).toEqual([0, true, 1, 0]);
  });

  it('makes checkCsv say, once, that later rows are not compared', async () => {
    const rows = Array.from({ length: UNIQUE_TRACKING_LIMIT + 1 }, (_, i) => String(i));
    const { report, issues } = await runCheck(`sku\n${rows.join('\n')}\n0\n`, { marketplace: 'amazon' });
    expect(report.countsByRule['column.unique_check_limited']).toBe(1);
    expect(issues).toContain(`${UNIQUE_TRACKING_LIMIT + 1},${UNIQUE_TRACKING_LIMIT + 2},item_sku,column.unique_check_limited,info`);
    // Values remembered before the bound are still compared.
    expect(report.countsByRule['amz.item_sku.duplicate']).toBe(1);
  }, 30_000);
});
