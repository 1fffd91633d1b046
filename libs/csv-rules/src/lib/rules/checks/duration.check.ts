import { headerKey } from '../../reading/header-key';
import { columnRuleCode, type KindCompiler } from '../column-kind';
import type { DurationColumn } from '../column-spec';
import { rule } from '../rule-definition';

const AMOUNT_AND_UNIT = /^(\d+)\s*([^\d\s].*)$/;
const CANONICAL_MEMORY = 1000;

/** A time span such as `90 dias`; unit spellings (`3 months`, `1 ano`) are written the canonical way. */
export const durationColumn: KindCompiler<DurationColumn> = (spec, env) => {
  const units = Object.keys(spec.units);
  const invalid = rule(columnRuleCode(env, spec, 'invalid'), 'error', `A number and a unit: ${units.join(', ')} (e.g. 90 ${units[0]}).`);
  const synonym = rule(columnRuleCode(env, spec, 'synonym'), 'error', 'Another spelling of the unit; written the canonical way.', true);
  const byKey = new Map<string, string>();
  for (const [unit, spellings] of Object.entries(spec.units)) {
    byKey.set(headerKey(unit), unit);
    for (const s of spellings) byKey.set(headerKey(s), unit);
  }
  // A column holds a handful of distinct durations: remember the canonical ones instead of re-parsing them.
  const canonicalSeen = new Set<string>();
  return {
    rules: [invalid, synonym],
    check: (value, ctx) => {
      if (canonicalSeen.has(value)) return value;
      const m = AMOUNT_AND_UNIT.exec(value);
      const unit = m ? byKey.get(headerKey(m[2])) : undefined;
      if (!m || unit === undefined) {
        ctx.report(invalid, `Write a number and a unit (${units.join(', ')}), e.g. 90 ${units[0]}.`, value);
        return value;
      }
      const canonical = `${Number(m[1])} ${unit}`;
      if (canonical !== value) ctx.fix(synonym, `Written as ${canonical}.`, value, canonical);
      // A copy: the value is a slice of a large chunk of the file, which it would otherwise keep alive.
      else if (canonicalSeen.size < CANONICAL_MEMORY) canonicalSeen.add((' ' + value).slice(1));
      return canonical;
    },
  };
};
