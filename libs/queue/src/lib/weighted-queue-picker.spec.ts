import { WeightedQueuePicker } from './weighted-queue-picker';

const plans = [
  { name: 'free', weight: 1 },
  { name: 'pro', weight: 5 },
  { name: 'business', weight: 7 },
  { name: 'enterprise', weight: 10 },
];

function simulate(picker: WeightedQueuePicker, nonEmpty: Set<string>, picks: number): string[] {
  const served: string[] = [];
  for (let i = 0; i < picks; i++) {
    const order = picker.candidates();
    const index = order.findIndex((c) => nonEmpty.has(c));
    const name = index === -1 ? null : order[index];
    picker.served(name, index === -1 ? order : order.slice(0, index));
    if (name) served.push(name);
  }
  return served;
}

const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

describe('WeightedQueuePicker', () => {
  it('serves the heaviest queue first', () => {
    expect(new WeightedQueuePicker(plans).candidates()[0]).toBe('enterprise');
  });

  it('serves busy queues in proportion to their weights', () => {
    const served = simulate(new WeightedQueuePicker(plans), new Set(plans.map((p) => p.name)), 23 * 4);
    expect([
      count(served, 'enterprise'),
      count(served, 'business'),
      count(served, 'pro'),
      count(served, 'free'),
    ]).toEqual([40, 28, 20, 4]);
  });

  it('never starves the lightest queue', () => {
    const served = simulate(new WeightedQueuePicker(plans), new Set(['free', 'enterprise']), 110);
    expect(count(served, 'free')).toBeGreaterThanOrEqual(9);
    expect(count(served, 'free')).toBeLessThanOrEqual(11);
    // Within any 12 consecutive picks the free queue gets a turn.
    for (let i = 0; i + 12 <= served.length; i++) expect(served.slice(i, i + 12)).toContain('free');
  });

  it('gives a lone busy queue everything', () => {
    expect(simulate(new WeightedQueuePicker(plans), new Set(['pro']), 5)).toEqual([
      'pro',
      'pro',
      'pro',
      'pro',
      'pro',
    ]);
  });

  it('does not move when nothing was served', () => {
    const picker = new WeightedQueuePicker(plans);
    const before = picker.candidates();
    picker.served(null);
    expect(picker.candidates()).toEqual(before);
  });

  it('rejects bad weights', () => {
    expect(() => new WeightedQueuePicker([{ name: 'x', weight: 0 }])).toThrow(/weight/);
    expect(() => new WeightedQueuePicker([])).toThrow();
  });
});
