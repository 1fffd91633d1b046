import type { Marketplace, Severity } from '../csv-engine.api';
import { ENGINE_RULES } from '../engine/engine-rules';
import { categoryColumns } from '../packs/category-columns';
import { RULE_PACKS } from '../packs/pack-registry';
import { compileColumn } from '../rules/compile-column';
import type { RuleDefinition } from '../rules/rule-definition';

/** One stable rule code, where it applies and what it means. */
export interface RuleCatalogueEntry {
  readonly code: string;
  readonly severity: Severity;
  readonly fixable: boolean;
  readonly summary: string;
  /** null for the engine's own rules, which apply to every marketplace. */
  readonly marketplace: Marketplace | null;
  /** The categories whose files can report it (all of the pack's when it is not category-specific). */
  readonly categories: readonly string[];
}

/**
 * Every rule the engine can report, built from the same data and compiled checks that run on files, so the
 * catalogue cannot list a rule that does not exist or miss one that does. Throws if one code means two things.
 */
export function ruleCatalogue(): RuleCatalogueEntry[] {
  const entries = new Map<string, RuleCatalogueEntry>();
  const add = (rule: RuleDefinition, marketplace: Marketplace | null, category: string | null): void => {
    const known = entries.get(rule.code);
    if (known) {
      if (known.severity !== rule.severity || known.summary !== rule.summary || known.fixable !== rule.fixable) {
        throw new Error(`Rule ${rule.code} is defined twice with different meanings.`);
      }
      if (category && !known.categories.includes(category)) entries.set(rule.code, { ...known, categories: [...known.categories, category] });
      return;
    }
    entries.set(rule.code, { ...rule, marketplace, categories: category ? [category] : [] });
  };
  for (const rule of Object.values(ENGINE_RULES)) add(rule, null, null);
  for (const pack of Object.values(RULE_PACKS)) {
    for (const category of pack.categories) {
      const env = { prefix: pack.prefix, marketplace: pack.name, numberStyle: 'unknown' as const };
      for (const spec of categoryColumns(pack, category)) {
        for (const rule of compileColumn(spec, env).rules) add(rule, pack.marketplace, category.slug);
      }
      for (const rowRule of pack.rowRules) for (const rule of rowRule.rules) add(rule, pack.marketplace, category.slug);
    }
  }
  return [...entries.values()];
}
