/**
 * Turns a stream of row counts into at most one progress report per interval, with the seed's message
 * ("Processing row 455 of 1000"). The percentage stops short of 100 until the run really completes.
 */
export class ProgressThrottle {
  private lastAt = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (progress: number, message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  rows(done: number, total: number): void {
    const at = this.now();
    if (at - this.lastAt < this.intervalMs) return;
    this.lastAt = at;
    const shown = Math.min(done, total);
    const progress = total > 0 ? Math.min(99, Math.round((shown / total) * 1000) / 10) : 0;
    this.emit(progress, `Processing row ${shown} of ${total}`);
  }
}
