import { gtinPrefixProblem, hasValidCheckDigit } from './gs1';

describe('GS1', () => {
  it.each(['7891234567895', '012345678905', '12345670', '10012345678902', '4006381333931'])('%s has a valid check digit', (gtin) => {
    expect(hasValidCheckDigit(gtin)).toBe(true);
  });

  it.each(['7891234567890', '012345678900', '12345678'])('%s does not', (gtin) => {
    expect(hasValidCheckDigit(gtin)).toBe(false);
  });

  it.each([
    ['2000000000008', 'restricted'],
    ['0412345678903', 'restricted'],
    ['212345678907', 'restricted'],
    ['512345678900', 'coupon'],
    ['9812345678904', 'coupon'],
    ['9912345678903', 'coupon'],
    ['02345673', 'restricted'],
    ['7891234567895', null],
    ['012345678905', null],
  ])('%s prefix: %s', (gtin, problem) => {
    expect(gtinPrefixProblem(gtin)).toBe(problem);
  });
});
