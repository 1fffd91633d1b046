import type { ColumnSpec } from '../rules/column-spec';
import type { CategoryDefinition, RulePack } from './rule-pack';
import { headerKey } from '../reading/header-key';

/** The columns a file of this category is checked against: the pack's, with the category's changes. */
export function categoryColumns(pack: RulePack, category: CategoryDefinition): readonly ColumnSpec[] {
  const adjusted = pack.columns.map((c) => {
    const requirement = category.requirements[c.name];
    return requirement && requirement !== c.requirement ? { ...c, requirement } : c;
  });
  return [...adjusted, ...category.columns];
}

/** The category a job asked for, by slug or alias, or null when the pack has none by that name. */
export function findCategory(pack: RulePack, requested: string): CategoryDefinition | null {
  const key = headerKey(requested);
  return pack.categories.find((c) => headerKey(c.slug) === key || c.aliases.some((a) => headerKey(a) === key)) ?? null;
}
