import fc from 'fast-check';
import { needsFullHygiene } from './cell-hygiene';
import { utf8HygieneScan } from './utf8-hygiene-scan';

describe('utf8HygieneScan', () => {
  const scan = utf8HygieneScan();

  it('is available on Node', () => {
    expect(scan).not.toBeNull();
  });

  it('answers as needsFullHygiene does on the text, wherever the characters fall in the 16-byte blocks (property)', () => {
    const piece = fc.constantFrom(
      'a', 'abcdefghijklmno', 'ç', 'é', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u0000', '\u0007', '\u001f', '\u007f', '\u0080', '\u0085',
      '\u009f', '\u00a0', '\u00a1', 'º', '–', '\u200a', '\u200b', '\u200d', '\u200e', '\u2060', '\u2061', '\ufeff', '\ufffd', '\ufffc', '€', '😀', ',', '"',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.nat(40), (pieces, pad) => {
        // Mostly clean text around a few pieces, shifted so that they land on every position of a block.
        const text = 'x'.repeat(pad) + pieces.join('') + 'y'.repeat(pad % 7);
        expect(scan?.(Buffer.from(text, 'utf8'))).toBe(needsFullHygiene(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('handles inputs larger than its memory, and views that do not start at a buffer boundary', () => {
    const big = Buffer.from('x'.repeat(300_000) + '  ');
    expect(scan?.(big)).toBe(true);
    expect(scan?.(big.subarray(3, 299_999))).toBe(false);
    expect(scan?.(Buffer.from(''))).toBe(false);
  });
});
