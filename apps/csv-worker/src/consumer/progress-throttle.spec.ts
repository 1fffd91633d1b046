import { ProgressThrottle } from './progress-throttle';

describe('ProgressThrottle', () => {
  it('reports at most once per interval with the seed message', () => {
    let now = 0;
    const reports: [number, string][] = [];
    const throttle = new ProgressThrottle(
      1000,
      (p, m) => reports.push([p, m]),
      () => now,
    );
    now = 1000;
    throttle.rows(455, 1000);
    now = 1500;
    throttle.rows(600, 1000);
    now = 2000;
    throttle.rows(1000, 1000);
    expect(reports).toEqual([
      [45.5, 'Processing row 455 of 1000'],
      [99, 'Processing row 1000 of 1000'],
    ]);
  });

  it('copes with an empty file and with more rows than counted', () => {
    const reports: [number, string][] = [];
    const throttle = new ProgressThrottle(0, (p, m) => reports.push([p, m]));
    throttle.rows(0, 0);
    throttle.rows(12, 10);
    expect(reports).toEqual([
      [0, 'Processing row 0 of 0'],
      [99, 'Processing row 10 of 10'],
    ]);
  });
});
