export interface BacklogOptions {
  /** Longest the waiting turns may take to work off at the recent pace (ms). */
  maxMs: number;
  /** The recent pace is the turns finished in this window (ms)… */
  windowMs: number;
  /** …and never taken as slower than this many turns a second (a fresh process has no pace yet). */
  slowestPerSecond: number;
  /** Milliseconds; default Date.now. */
  now?: () => number;
}

/**
 * The inbound messages stored by this process and waiting for their turn here, and whether there
 * are too many: more than it would work off in `maxMs` at the pace of its recent turns. Bounded in
 * time rather than in count, so that a fast process answers a burst at once and a slow one (a
 * loaded machine) holds back sooner.
 */
export class Backlog {
  private readonly waiting = new Set<number>();
  /** When the turns of the last window finished (ms, oldest first). */
  private readonly finishedAt: number[] = [];
  private readonly now: () => number;

  constructor(private readonly options: BacklogOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A stored message now waits for its turn. */
  add(inboundId: number): void {
    this.waiting.add(inboundId);
  }

  /** Its turn ended (answered, failed or found nothing to do). */
  done(inboundId: number): void {
    if (this.waiting.delete(inboundId)) this.finishedAt.push(this.now());
  }

  has(inboundId: number): boolean {
    return this.waiting.has(inboundId);
  }

  get size(): number {
    return this.waiting.size;
  }

  /** True when the waiting turns would take longer than `maxMs` at the recent pace. */
  full(): boolean {
    const since = this.now() - this.options.windowMs;
    let old = 0;
    while (old < this.finishedAt.length && this.finishedAt[old]! < since) old++;
    if (old > 0) this.finishedAt.splice(0, old);
    const perMs = Math.max(
      this.finishedAt.length / this.options.windowMs,
      this.options.slowestPerSecond / 1000,
    );
    return this.waiting.size / perMs > this.options.maxMs;
  }
}
