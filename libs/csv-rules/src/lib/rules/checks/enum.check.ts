import { headerKey } from '../../reading/header-key';
import { columnRuleCode, type KindCompiler } from '../column-kind';
import type { EnumColumn } from '../column-spec';
import { rule } from '../rule-definition';

/** One of a fixed list of values; known spellings (`Novo`, `in stock`) are fixed to the value. */
export const enumColumn: KindCompiler<EnumColumn> = (spec, env) => {
  const invalid = rule(columnRuleCode(env, spec, 'invalid'), 'error', `One of: ${spec.values.join(', ')}.`);
  const synonym = rule(
    columnRuleCode(env, spec, 'synonym'),
    'error',
    'A known spelling of an allowed value (other case, language or wording); replaced by the value.',
    true,
  );
  const isExact = exactMatcher(spec.values);
  const byKey = new Map<string, string>();
  for (const [spelling, target] of Object.entries(spec.valueSynonyms ?? {})) byKey.set(headerKey(spelling), target);
  for (const v of spec.values) byKey.set(headerKey(v), v);
  return {
    rules: [invalid, synonym],
    check: (value, ctx) => {
      if (isExact(value)) return value;
      const target = byKey.get(headerKey(value));
      if (target === undefined) {
        ctx.report(invalid, `"${value}" is not accepted by ${env.marketplace}; use one of: ${spec.values.join(', ')}.`, value);
        return value;
      }
      ctx.fix(synonym, `Written as ${target}, the value ${env.marketplace} expects.`, value, target);
      return target;
    },
  };
};

// Values are a handful: comparing with each is cheaper than hashing a cell that is a fresh string every row.
const LINEAR_SEARCH_MAX = 16;

function exactMatcher(values: readonly string[]): (value: string) => boolean {
  if (values.length > LINEAR_SEARCH_MAX) {
    const set = new Set(values);
    return (value) => set.has(value);
  }
  return (value) => {
    for (let i = 0; i < values.length; i++) if (values[i] === value) return true;
    return false;
  };
}
