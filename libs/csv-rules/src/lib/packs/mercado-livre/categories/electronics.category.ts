import type { CategoryDefinition } from '../../rule-pack';
import { VOLTAGE } from './attributes';

/** Electronics: a GTIN is required (no reason accepted), and so are the model and the voltage (110V, 220V or bivolt). */
export const ELECTRONICS_CATEGORY: CategoryDefinition = {
  slug: 'electronics',
  title: 'Electronics, audio and video',
  aliases: ['eletronicos', 'eletrônicos', 'electronicos', 'electrónica', 'eletroportateis', 'eletrodomesticos'],
  gtin: 'required',
  columns: [VOLTAGE],
  requirements: { model: 'required' },
};
