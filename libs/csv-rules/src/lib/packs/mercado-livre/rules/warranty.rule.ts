import type { RowRule } from '../../../rules/row-rule';
import { rule } from '../../../rules/rule-definition';

const NO_WARRANTY = 'Sem garantia';
const TIME_MISSING = rule('ml.warranty_time.missing', 'error', 'A seller or factory warranty needs its duration (WARRANTY_TIME).');
const TIME_WITHOUT_WARRANTY = rule('ml.warranty_time.without_warranty', 'warning', 'A warranty duration is given for a product sold without warranty.');

/** The warranty type and time agree. */
export const WARRANTY_RULE: RowRule = {
  rules: [TIME_MISSING, TIME_WITHOUT_WARRANTY],
  prepare: ({ columns, position }) => {
    if (!columns.has('warranty_type')) return null;
    const typeAt = position('warranty_type');
    const timeAt = position('warranty_time');
    return (row, ctx) => {
      const type = row.at(typeAt) ?? '';
      const time = row.at(timeAt) ?? '';
      if (type === '') return;
      if (type === NO_WARRANTY) {
        if (time !== '') ctx.report(TIME_WITHOUT_WARRANTY, 'warranty_time', 'The product has no warranty, so the duration is ignored.', time);
      } else if (time === '') {
        ctx.report(TIME_MISSING, 'warranty_time', `Say how long the warranty lasts (e.g. 90 dias).`, '');
      }
    };
  },
};
