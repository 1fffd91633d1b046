import { ProgressThrottle } from './progress-throttle';

describe('ProgressThrottle', () => {
  it('reports at most once per interval with the seed message, the total estimated from the bytes read', () => {
    let now = 0;
    const reports: [number, string][] = [];
    const throttle = new ProgressThrottle(
      1000,
      (p, m) => reports.push([p, m]),
      () => now,
    );
    now = 1000;
    throttle.progress({ rows: 455, bytesRead: 45_500, bytesTotal: 100_000 });
    now = 1500;
    throttle.progress({ rows: 600, bytesRead: 60_000, bytesTotal: 100_000 });
    now = 2000;
    throttle.progress({ rows: 1000, bytesRead: 100_000, bytesTotal: 100_000 });
    expect(reports).toEqual([
      [45.5, 'Processing row 455 of about 1000'],
      [99, 'Processing row 1000 of 1000'],
    ]);
  });

  it('copes with an empty file and with more bytes read than announced', () => {
    const reports: [number, string][] = [];
    const throttle = new ProgressThrottle(0, (p, m) => reports.push([p, m]));
    throttle.progress({ rows: 0, bytesRead: 0, bytesTotal: 0 });
    throttle.progress({ rows: 12, bytesRead: 120, bytesTotal: 100 });
    expect(reports).toEqual([
      [0, 'Processing row 0 of about 0'],
      [99, 'Processing row 12 of 12'],
    ]);
  });
});
