import { isFormulaLike, neutraliseFormula } from './formula-guard';

describe('formula guard', () => {
  it.each(['=1+1', '+A1', '-2+3', '@SUM(A1)', '\tcmd', '\r=x', '=HYPERLINK("http://x")', '- item'])('%j is a formula', (cell) => {
    expect(isFormulaLike(cell)).toBe(true);
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it.each(['-5', '+5', '-1.234,56', '-0.5', '1e5', 'Fone', '', ' =x'])('%j is left alone', (cell) => {
    expect(isFormulaLike(cell)).toBe(false);
  });
});
