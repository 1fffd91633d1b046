import { jsonNestingExceeds, MAX_JSON_DEPTH } from './json-body';

const bytes = (text: string) => Buffer.from(text);

describe('jsonNestingExceeds', () => {
  it('counts objects and arrays alike', () => {
    expect(jsonNestingExceeds(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(jsonNestingExceeds(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: '[[[[{{{{ "\\" ]]]' });
    expect(jsonNestingExceeds(bytes(text), 1)).toBe(false);
  });

  it('refuses 20,000 levels and accepts the limit itself', () => {
    expect(jsonNestingExceeds(bytes('['.repeat(20_000) + ']'.repeat(20_000)), MAX_JSON_DEPTH)).toBe(true);
    const atLimit = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(jsonNestingExceeds(bytes(atLimit), MAX_JSON_DEPTH)).toBe(false);
  });
});
