import { numberOf } from '../../../rules/number-format';
import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const DIMENSIONS = ['package_height', 'package_width', 'package_length', 'package_weight'] as const;
// Grams per cm³ of a packed product: below the lightest packaging (foam) or above the densest metals, a value
// is in the wrong unit (kilograms written as grams, millimetres as centimetres).
const MIN_DENSITY = 0.002;
const MAX_DENSITY = 25;

const INCOMPLETE = rule('ml.package.incomplete', 'warning', 'Package height, width, length and weight go together: Mercado Envios needs all four.');
const IMPLAUSIBLE = rule(
  'ml.package.implausible',
  'warning',
  `Weight and size do not match (density outside ${MIN_DENSITY}–${MAX_DENSITY} g/cm³): probably a wrong unit.`,
);

/** The package's four measures are all given, and weight and volume are physically plausible together. */
export const PACKAGE_SIZE_RULE: RowRule = {
  rules: [INCOMPLETE, IMPLAUSIBLE],
  prepare: ({ columns, position }) => {
    if (!DIMENSIONS.some((d) => columns.has(d))) return null;
    const [heightAt, widthAt, lengthAt, weightAt] = DIMENSIONS.map(position);
    return (row, ctx) => {
      const h = row.at(heightAt) ?? '';
      const w = row.at(widthAt) ?? '';
      const l = row.at(lengthAt) ?? '';
      const g = row.at(weightAt) ?? '';
      const filled = (h === '' ? 0 : 1) + (w === '' ? 0 : 1) + (l === '' ? 0 : 1) + (g === '' ? 0 : 1);
      if (filled === 0) return;
      if (filled < DIMENSIONS.length) {
        const missing = DIMENSIONS.filter((d) => (row.get(d) ?? '') === '');
        ctx.report(INCOMPLETE, missing[0], `Missing ${missing.join(', ')}: give all four package measures.`, null);
        return;
      }
      const grams = numberOf(g);
      const volume = numberOf(h) * numberOf(w) * numberOf(l);
      // Values that are not numbers were reported by their own cells.
      if (!(grams > 0 && volume > 0)) return;
      const density = grams / volume;
      if (density < MIN_DENSITY || density > MAX_DENSITY) {
        ctx.report(
          IMPLAUSIBLE,
          'package_weight',
          `${g} g in ${h}×${w}×${l} cm is ${density < MIN_DENSITY ? 'too light' : 'too heavy'} for its size; check the units (grams, centimetres).`,
          g,
        );
      }
    };
  },
};
