import { priceUsage } from './price-table';

describe('priceUsage', () => {
  const prices = { currency: 'BRL', perJob: 0.01, per1000Rows: 0.02, perCpuSecond: 0.005, perGbRead: 0.1 };

  it('prices each quantity and rounds each line to cents', () => {
    const bill = priceUsage({ succeeded: 3, rows: 12_345, cpuMs: 7_500, bytesRead: 2_500_000_000 }, prices);
    expect(bill.lines.map((l) => [l.item, l.quantity, l.amount])).toEqual([
      ['jobs', 3, 0.03],
      ['rows', 12.345, 0.25],
      ['cpu', 7.5, 0.04],
      ['data', 2.5, 0.25],
    ]);
    expect(bill.total).toBe(0.57);
  });

  it('adds cents without float drift', () => {
    const bill = priceUsage({ succeeded: 10, rows: 0, cpuMs: 0, bytesRead: 0 }, { ...prices, perJob: 0.1 });
    expect(bill.total).toBe(1);
    expect(priceUsage({ succeeded: 0, rows: 0, cpuMs: 0, bytesRead: 0 }, prices).total).toBe(0);
  });
});
