import { FINDING_TEXT_LIMIT } from '../csv-engine.api';
import { clipText } from './clip-text';

describe('clipText', () => {
  it('keeps a text up to the limit and cuts a longer one, marking the cut', () => {
    const fits = 'a'.repeat(FINDING_TEXT_LIMIT);
    expect(clipText(fits)).toBe(fits);
    expect(clipText(`${fits}b`)).toBe(`${fits}…`);
  });

  it('never keeps half of a surrogate pair', () => {
    const text = `${'a'.repeat(FINDING_TEXT_LIMIT - 1)}😀😀`;
    expect(clipText(text)).toBe(`${'a'.repeat(FINDING_TEXT_LIMIT - 1)}…`);
  });
});
