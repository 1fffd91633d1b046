import fc from 'fast-check';
import { decideStyle, decimalPlaces, NUMBER_STYLES, type NumberStyle, numberOf, plainDecimals, plainNumber, readNumber } from './number-format';

describe('readNumber', () => {
  it.each<[string, NumberStyle, string]>([
    ['1234.56', 'unknown', '1234.56'],
    ['1.234,56', 'unknown', '1234.56'],
    ['1,234.56', 'unknown', '1234.56'],
    ['12,50', 'unknown', '12.50'],
    ['1.234.567', 'comma', '1234567'],
    ['1 234,5', 'comma', '1234.5'],
    ['1.234', 'comma', '1234'],
    ['1.234', 'dot', '1.234'],
    ['1,234', 'dot', '1234'],
    ['1,234', 'comma', '1.234'],
    ['0.125', 'comma', '0.125'],
    ['+5', 'unknown', '5'],
    ['-5', 'unknown', '-5'],
  ])('%j in a %s column is %j', (text, style, canonical) => {
    expect(readNumber(text, style)).toMatchObject({ kind: 'number', canonical });
  });

  it('never guesses between thousands and decimals without the column saying which', () => {
    expect(readNumber('1.234', 'unknown')).toEqual({ kind: 'ambiguous', readings: ['1234', '1.234'] });
    expect(readNumber('1,234', 'mixed')).toEqual({ kind: 'ambiguous', readings: ['1234', '1.234'] });
  });

  it('refuses the other style than the column’s', () => {
    expect(readNumber('12,50', 'dot')).toEqual({ kind: 'conflict', canonical: '12.50' });
    expect(readNumber('1,234.50', 'comma')).toEqual({ kind: 'conflict', canonical: '1234.50' });
    expect(readNumber('1.234,50', 'mixed')).toEqual({ kind: 'conflict', canonical: '1234.50' });
  });

  it.each(['abc', '1.2.3', '12.', '1,23,4', '', '1e5x'])('%j is not a number', (text) => {
    expect(readNumber(text, 'unknown').kind).toBe('invalid');
  });

  it('recognises scientific notation', () => {
    expect(readNumber('7,89E+12', 'unknown').kind).toBe('scientific');
  });
});

describe('decideStyle', () => {
  it('reads plain numbers through its shortcut as it reads them written with spaces around (property)', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '5', '9'), { minLength: 1, maxLength: 6 }).map((d) => d.join(''));
    const plain = fc.oneof(digits, fc.tuple(digits, digits).map(([a, b]) => `${a}.${b}`));
    fc.assert(
      fc.property(plain, (value) => {
        expect(decideStyle([value])).toBe(decideStyle([` ${value} `]));
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string[], NumberStyle]>([
    [['10,50', '3', '1.234,00'], 'comma'],
    [['10.50', '1,234.00'], 'dot'],
    [['1.234.567'], 'comma'],
    [['10', '1.234', '1,234'], 'unknown'],
    [['10,50', '10.50'], 'mixed'],
    [['R$ 10,50', '500 g'], 'comma'],
  ])('%j → %s', (values, style) => {
    expect(decideStyle(values)).toBe(style);
  });
});

describe('plainDecimals', () => {
  it('takes the fast path only for plain unsigned numbers the style cannot reinterpret', () => {
    expect(plainDecimals('1234', 'unknown')).toBe(0);
    expect(plainDecimals('12.50', 'comma')).toBe(2);
    expect(plainDecimals('1.234', 'dot')).toBe(3);
    expect(plainDecimals('1.234', 'comma')).toBe(-1);
    expect(plainDecimals('-5', 'dot')).toBe(-1);
    expect(plainDecimals('.5', 'dot')).toBe(-1);
    expect(plainDecimals('', 'dot')).toBe(-1);
  });
});

describe('plainNumber', () => {
  it('is numberOf of exactly the cells plainDecimals accepts (property)', () => {
    const text = fc.array(fc.constantFrom('0', '1', '2', '5', '9', '.', ',', '-', '+', 'e', ' '), { maxLength: 20 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), fc.constantFrom(...NUMBER_STYLES), (value, style) => {
        const decimals = plainDecimals(value, style);
        expect(plainNumber(value, style)).toBe(decimals < 0 ? NaN : numberOf(value));
        if (decimals >= 0) expect(decimalPlaces(value)).toBe(decimals);
      }),
      { numRuns: 20000 },
    );
  });
});
