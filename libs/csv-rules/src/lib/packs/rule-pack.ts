import type { Marketplace } from '../csv-engine.api';
import type { ColumnSpec, Requirement } from '../rules/column-spec';
import type { RowRule } from '../rules/row-rule';

/** Whether a product must have a barcode: always, or unless a reason is given, or never. */
export const GTIN_REQUIREMENTS = ['required', 'conditional', 'optional'] as const;
export type GtinRequirement = (typeof GTIN_REQUIREMENTS)[number];

/** A category: the attributes it adds and the requirements it changes. Data only. */
export interface CategoryDefinition {
  /** The job's `category` parameter. */
  readonly slug: string;
  readonly title: string;
  /** Other spellings of the slug accepted in job parameters (`eletronicos`). */
  readonly aliases: readonly string[];
  readonly gtin: GtinRequirement;
  /** Attributes only this category has. */
  readonly columns: readonly ColumnSpec[];
  /** Requirement changes for the pack's columns (`model` becomes required). */
  readonly requirements: Readonly<Record<string, Requirement>>;
}

/** A marketplace's rules, versioned as data: one folder under packs/. */
export interface RulePack {
  readonly marketplace: Marketplace;
  /** The name sellers know, used in messages. */
  readonly name: string;
  /** Bumped whenever a rule changes what it accepts; reported as `rulePackVersion`. */
  readonly version: string;
  /** Prefix of the pack's rule codes. */
  readonly prefix: string;
  /** Where the rules come from (the marketplace's spec), for the catalogue. */
  readonly source: string;
  readonly columns: readonly ColumnSpec[];
  readonly rowRules: readonly RowRule[];
  /** The generic default comes first; it applies when the job's category is unknown. */
  readonly categories: readonly [CategoryDefinition, ...CategoryDefinition[]];
}
