import { MARKETPLACES } from '../csv-engine.api';
import { RULE_PACKS } from '../packs/pack-registry';
import type { RuleCatalogueEntry } from './rule-catalogue';

/** RULES.md: the catalogue as a document, one table per marketplace after the engine's own rules. */
export function renderRulesMarkdown(entries: readonly RuleCatalogueEntry[]): string {
  const lines = [
    '# Rule catalogue',
    '',
    '<!-- Generated from the rule packs by `rules-catalogue.spec.ts`; do not edit by hand.',
    '     Regenerate with: UPDATE_RULES_MD=1 npx jest -c libs/csv-rules/jest.config.cjs rules-catalogue -->',
    '',
    'Every finding carries one of these stable codes. Pack rules are `<pack>.<column>.<problem>`; a code keeps',
    'its meaning for as long as the pack exists (a changed meaning is a new code and a new pack version).',
    'Fixable rules are repaired by `auto_fix`; without it the fix is offered as the finding\'s `suggestion`.',
    '',
    `Severities: **error** makes the row invalid (unless fixed), **warning** and **info** do not.`,
    '',
    ...table('Engine (every marketplace)', null, entries.filter((e) => e.marketplace === null)),
  ];
  for (const marketplace of MARKETPLACES) {
    const pack = RULE_PACKS[marketplace];
    const title = `${pack.name} — \`${marketplace}\`, pack ${pack.version}`;
    lines.push(...table(title, `${pack.source} Categories: ${pack.categories.map((c) => `\`${c.slug}\``).join(', ')}.`, entries.filter((e) => e.marketplace === marketplace)));
  }
  return `${lines.join('\n')}\n`;
}

function table(title: string, intro: string | null, entries: readonly RuleCatalogueEntry[]): string[] {
  const all = new Set(entries.flatMap((e) => e.categories));
  const rows = [...entries].sort((a, b) => a.code.localeCompare(b.code)).map((e) => {
    const where = e.categories.length === 0 || e.categories.length === all.size ? 'all' : e.categories.join(', ');
    return `| \`${e.code}\` | ${e.severity} | ${e.fixable ? 'yes' : ''} | ${where} | ${e.summary.replace(/\|/g, '\\|')} |`;
  });
  return [
    `## ${title}`,
    '',
    ...(intro ? [intro, ''] : []),
    '| Code | Severity | Fixable | Categories | Meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}
