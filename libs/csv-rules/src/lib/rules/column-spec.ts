import type { Severity } from '../csv-engine.api';

/** Whether a column must be filled: a missing required value is an error, a missing recommended one a warning. */
export const REQUIREMENTS = ['required', 'recommended', 'optional'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

interface ColumnBase {
  /** The marketplace's field name: the header written to corrected.csv and the `column` of findings. */
  readonly name: string;
  /** Other headers sellers use for it (pt-BR, es, en); compared without case, accents or punctuation. */
  readonly synonyms: readonly string[];
  readonly requirement: Requirement;
  /** Each row must have its own value (SKU, id); a repeated value is reported with this severity. */
  readonly unique?: Severity;
}

export interface TextColumn extends ColumnBase {
  readonly kind: 'text';
  readonly maxLength?: number;
  /** Line breaks are kept (descriptions); otherwise all whitespace runs collapse to one space. */
  readonly multiline?: boolean;
  /** The marketplace wants plain text: HTML is an error, fixed by converting it to text. */
  readonly plainText?: boolean;
  /** An over-long value gets a suggested shortening (never applied). */
  readonly suggestShortening?: boolean;
}

/** A number in the marketplace's plain form (`1234.56`); sellers' `R$ 1.234,56` is converted per column. */
export interface DecimalColumn extends ColumnBase {
  readonly kind: 'decimal';
  readonly min?: number;
  /** `min` itself is not allowed (prices > 0). */
  readonly minExclusive?: boolean;
  readonly maxDecimals?: number;
  /** A currency prefix or suffix (`R$`, `BRL`) the fix may remove. */
  readonly currency?: string;
  /** The unit the value is in; the unit written after the number is removed, other units are reported. */
  readonly unit?: Unit;
  /** Outside this range the value is probably a typo or a wrong unit (a warning). */
  readonly plausible?: { readonly min: number; readonly max: number };
}

export interface IntegerColumn extends ColumnBase {
  readonly kind: 'integer';
  readonly min?: number;
  readonly unit?: Unit;
  readonly plausible?: { readonly min: number; readonly max: number };
}

/** A measurement unit and the other units a value may be written in, with their factor to this one. */
export interface Unit {
  readonly symbol: string;
  readonly aliases: readonly string[];
  readonly others: Readonly<Record<string, number>>;
}

export interface EnumColumn extends ColumnBase {
  readonly kind: 'enum';
  readonly values: readonly string[];
  /** Seller spellings → value; the values themselves always match regardless of case and accents. */
  readonly valueSynonyms?: Readonly<Record<string, string>>;
}

export interface GtinColumn extends ColumnBase {
  readonly kind: 'gtin';
  /** Reject GS1 restricted-circulation and coupon prefixes (Google Merchant Center). */
  readonly rejectRestrictedPrefixes?: boolean;
}

export interface UrlColumn extends ColumnBase {
  readonly kind: 'url';
  readonly maxLength?: number;
  /** Several URLs in one cell, separated by `,` `;` `|` or spaces. */
  readonly maxItems?: number;
  /** Image URLs: the path must end in one of these extensions. */
  readonly imageExtensions?: readonly string[];
}

/** A fixed number of digits (NCM); punctuation such as `8517.12.31` is removed by the fix. */
export interface DigitsColumn extends ColumnBase {
  readonly kind: 'digits';
  readonly digits: number;
}

/** A quantity of time such as `90 dias` (warranty). */
export interface DurationColumn extends ColumnBase {
  readonly kind: 'duration';
  /** Canonical unit → spellings. */
  readonly units: Readonly<Record<string, readonly string[]>>;
}

/** A price with its currency code, `15.00 BRL` (Google Merchant Center). */
export interface MoneyColumn extends ColumnBase {
  readonly kind: 'money';
  readonly currency: string;
  /** Written spellings of the currency (`R$`). */
  readonly currencySymbols: readonly string[];
}

export type ColumnSpec =
  | TextColumn
  | DecimalColumn
  | IntegerColumn
  | EnumColumn
  | GtinColumn
  | UrlColumn
  | DigitsColumn
  | DurationColumn
  | MoneyColumn;
