import fc from 'fast-check';
import type { CellContext } from '../cell-context';
import type { UrlColumn } from '../column-spec';
import { cleanUrlCell, fullUrlCheck, isHttpUrl, urlColumn } from './url.check';

const PICTURES: UrlColumn = {
  name: 'pictures',
  kind: 'url',
  requirement: 'required',
  maxItems: 3,
  imageExtensions: ['jpg', 'jpeg', 'png'],
  synonyms: [],
};

function check(value: string): [string, string | null | undefined][] {
  const found: [string, string | null | undefined][] = [];
  const ctx: CellContext = { report: (rule, _m, _v, suggestion) => found.push([rule.code, suggestion]), fix: () => undefined };
  urlColumn(PICTURES, { prefix: 't', marketplace: 'Test', numberStyle: 'unknown' }).check(value, ctx);
  return found;
}

describe('the URL check', () => {
  it('accepts image lists separated by commas, semicolons, pipes or spaces, in any case', () => {
    expect(check('https://x.com/a.jpg, https://x.com/b.PNG;http://x.com/c.jpeg?w=800')).toEqual([]);
  });

  it.each([
    ['https://x.com/a.gif', 't.pictures.extension'],
    ['https://x.com/image?id=3', 't.pictures.extension_unknown'],
    ['ftp://x.com/a.jpg', 't.pictures.invalid'],
    ['https://localhost/a.jpg', 't.pictures.invalid'],
  ])('%s → %s', (value, code) => {
    expect(check(value).map(([c]) => c)).toEqual([code]);
  });

  it('suggests the missing scheme without applying it', () => {
    expect(check('www.x.com/a.jpg')).toEqual([['t.pictures.invalid', 'https://www.x.com/a.jpg']]);
  });

  it('counts the addresses of a list', () => {
    expect(check('https://x.com/1.jpg https://x.com/2.jpg https://x.com/3.jpg https://x.com/4.jpg').map(([c]) => c)).toEqual(['t.pictures.too_many']);
  });

  it('agrees with the reference pattern, except that it also refuses control characters (property)', () => {
    const reference = /^https?:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/i;
    const candidates = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string(),
      fc.string().map((s) => `http://a.b/${s}`),
      fc.string().map((s) => `HTTPS://${s}`),
    );
    fc.assert(
      fc.property(candidates, (url) => {
        // eslint-disable-next-line no-control-regex -- the one intended difference
        fc.pre(!/[\x00-\x08\x0e-\x1f\x7f]/.test(url));
        expect(isHttpUrl(url)).toBe(reference.test(url));
      }),
      { numRuns: 3000 },
    );
  });

  it('skips the full check only for cells that would pass it without a finding (property)', () => {
    // Mostly well-formed parts, so that many cells take the shortcut; now and then one that is not.
    const mostly = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
    const scheme = mostly(fc.constantFrom('https://', 'http://', 'HTTPS://'), fc.constantFrom('ftp://', '', 'https:/', 'hTtPs://'));
    const label = mostly(fc.constantFrom('x', 'img-1', 'http2', 'com'), fc.constantFrom('', '-', 'ç', 'a:80', '_'));
    const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
    const segment = mostly(fc.constantFrom('a', 'b.c', 'D_NQ-1', 'ç', '', '..'), fc.constantFrom('a b', '?x', '#f', '\u0007', '\u00a0'));
    const path = fc.array(segment, { maxLength: 4 }).map((s) => s.map((p) => `/${p}`).join(''));
    const ext = mostly(fc.constantFrom('.jpg', '.png', '.jpeg'), fc.constantFrom('.JPG', '.gif', '', '.jpg?x=1', '.jpg/', '.jp'));
    const url = fc.tuple(scheme, host, path, ext).map((parts) => parts.join(''));
    const separator = fc.constantFrom(',', ';', '|', ' ', ', ', '\t', '\u00a0', ',,', '\n');
    const cell = fc.tuple(url, fc.array(fc.tuple(separator, url), { maxLength: 4 })).map(([first, rest]) => first + rest.map((p) => p.join('')).join(''));
    const specs: UrlColumn[] = [PICTURES, { ...PICTURES, maxItems: 1 }, { ...PICTURES, imageExtensions: undefined }, { ...PICTURES, maxLength: 30 }];
    for (const spec of specs) {
      const isClean = cleanUrlCell(spec);
      const full = fullUrlCheck(spec, { prefix: 't', marketplace: 'Test', numberStyle: 'unknown' });
      let clean = 0;
      fc.assert(
        fc.property(cell, (value) => {
          if (!isClean(value)) return;
          clean++;
          const found: string[] = [];
          full.check(value, { report: (rule) => found.push(rule.code), fix: (rule) => found.push(rule.code) });
          expect(found).toEqual([]);
        }),
        { numRuns: 3000 },
      );
      expect(clean).toBeGreaterThan(40);
    }
    expect(cleanUrlCell(PICTURES)('https://http2.mlstatic.com/D_NQ_NP_1-MLB.jpg,https://http2.mlstatic.com/D_NQ_NP_1-2-MLB.jpg')).toBe(true);
  });
});
