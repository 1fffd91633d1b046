import { RunProgress } from '../tasks/task-handler';

/**
 * Turns a stream of progress readings into at most one progress report per interval, with the seed's
 * message ("Processing row 455 of 1000"). The total is estimated from the share of the input read (the
 * engine reads the file once: counting its rows first would read it twice); it is exact at the end. The
 * percentage stops short of 100 until the run really completes.
 */
export class ProgressThrottle {
  private lastAt = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (progress: number, message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  progress({ rows, bytesRead, bytesTotal }: RunProgress): void {
    const at = this.now();
    if (at - this.lastAt < this.intervalMs) return;
    this.lastAt = at;
    const share = bytesTotal > 0 ? Math.min(1, bytesRead / bytesTotal) : 0;
    const percent = Math.min(99, Math.round(share * 1000) / 10);
    const total = share > 0 ? Math.max(rows, Math.round(rows / share)) : rows;
    this.emit(percent, `Processing row ${rows} of ${share >= 1 ? '' : 'about '}${total}`);
  }
}
