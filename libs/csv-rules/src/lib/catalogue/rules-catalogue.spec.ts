import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleCatalogue } from './rule-catalogue';
import { renderRulesMarkdown } from './rules-markdown';

const RULES_MD = join(__dirname, '../../../RULES.md');

describe('the rule catalogue', () => {
  const entries = ruleCatalogue();

  it('has unique, well-formed codes', () => {
    expect(new Set(entries.map((e) => e.code)).size).toBe(entries.length);
    for (const e of entries) expect(e.code).toMatch(/^[a-z]+(\.[a-z0-9_]+)+$/);
  });

  it('covers the engine and every pack', () => {
    const prefixes = new Set(entries.map((e) => e.code.split('.')[0]));
    expect([...prefixes]).toEqual(expect.arrayContaining(['structure', 'header', 'cell', 'encoding', 'ml', 'gm', 'amz']));
  });

  it('is what RULES.md says (regenerate with UPDATE_RULES_MD=1)', () => {
    const markdown = renderRulesMarkdown(entries);
    if (process.env['UPDATE_RULES_MD'] === '1') writeFileSync(RULES_MD, markdown);
    expect(readFileSync(RULES_MD, 'utf8')).toBe(markdown);
  });
});
