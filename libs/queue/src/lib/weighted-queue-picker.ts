import { WeightedQueue } from './ports/queue-consumer.port';

/**
 * Smooth weighted round-robin (as in nginx): over time each queue that has messages is served in
 * proportion to its weight, the heaviest first, and no queue is starved. Which queues have messages is only
 * known by trying, so a pick is two steps: `candidates()` gives the order to try, `served(name, empty)`
 * records which queue gave a message and which were found empty on the way (those sit the round out).
 */
export class WeightedQueuePicker {
  private readonly current = new Map<string, number>();
  private readonly total: number;

  constructor(private readonly queues: readonly WeightedQueue[]) {
    if (queues.length === 0) throw new Error('at least one queue is required');
    for (const q of queues) {
      if (!(q.weight > 0)) throw new Error(`queue ${q.name}: weight must be positive`);
      this.current.set(q.name, 0);
    }
    this.total = queues.reduce((sum, q) => sum + q.weight, 0);
  }

  /** Queue names in the order to try them for the next message. */
  candidates(): string[] {
    return this.queues
      .map((q, index) => ({
        name: q.name,
        score: (this.current.get(q.name) ?? 0) + q.weight,
        weight: q.weight,
        index,
      }))
      .sort((a, b) => b.score - a.score || b.weight - a.weight || a.index - b.index)
      .map((c) => c.name);
  }

  /** Records the outcome of the attempt that `candidates()` ordered; `null` when every queue was empty. */
  served(name: string | null, foundEmpty: readonly string[] = []): void {
    if (name === null) return;
    const eligible = this.queues.filter((q) => !foundEmpty.includes(q.name));
    const round = eligible.reduce((sum, q) => sum + q.weight, 0);
    for (const q of eligible) this.bump(q.name, q.weight);
    this.bump(name, -round);
  }

  // Clamped so a queue that sat idle for long does not come back with a burst of stored-up turns.
  private bump(name: string, by: number): void {
    const next = (this.current.get(name) ?? 0) + by;
    this.current.set(name, Math.max(-this.total, Math.min(this.total, next)));
  }
}
