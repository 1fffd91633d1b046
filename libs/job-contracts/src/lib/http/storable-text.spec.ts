import { isStorableJson, isStorableText } from './storable-text';

describe('storable text', () => {
  it('accepts any well-formed text, emoji and accents included', () => {
    for (const text of ['', 'Loja do João', '💥🧨 İıß', '\u202e', 'tab\there'])
      expect(isStorableText(text)).toBe(true);
  });

  it('refuses a NUL character and an unpaired surrogate, high or low', () => {
    for (const text of ['a\u0000b', '\ud83d', 'x\ud800y', '\udfff', '\udc00\ud800'])
      expect(isStorableText(text)).toBe(false);
  });

  it('looks at every string of a JSON value, keys included', () => {
    expect(isStorableJson({ a: [1, 'ok', { b: null, 'c d': true }] })).toBe(true);
    expect(isStorableJson({ a: [1, { b: 'x\u0000' }] })).toBe(false);
    expect(isStorableJson({ 'k\ud800': 1 })).toBe(false);
    expect(isStorableJson(['\udfff'])).toBe(false);
  });
});
