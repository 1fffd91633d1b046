import fc from 'fast-check';
import type { CellContext } from '../cell-context';
import type { UrlColumn } from '../column-spec';
import { isHttpUrl, urlColumn } from './url.check';

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
});
