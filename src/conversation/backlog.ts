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
  /**
   * The turns finished in the last window (oldest first): when, and how long the backlog had been
   * busy since the turn before (or since it last filled from empty). The pace is turns per busy
   * millisecond, so a burst after a quiet spell is not read as a slow process.
   */
  private readonly finished: { at: number; busyMs: number }[] = [];
  /** Since when the backlog has had something in it (undefined while empty). */
  private busySince: number | undefined;
  private lastDone = Number.NEGATIVE_INFINITY;
  /** The pace of the last window that had turns in it: a quiet spell does not make the process slower. */
  private lastPerMs: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: BacklogOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A stored message now waits for its turn. */
  add(inboundId: number): void {
    if (this.waiting.size === 0) this.busySince = this.now();
    this.waiting.add(inboundId);
  }

  /** Its turn ended (answered, failed or found nothing to do). */
  done(inboundId: number): void {
    if (!this.waiting.delete(inboundId)) return;
    const at = this.now();
    this.finished.push({ at, busyMs: at - Math.max(this.lastDone, this.busySince ?? at) });
    this.lastDone = at;
    if (this.waiting.size === 0) this.busySince = undefined;
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
    while (old < this.finished.length && this.finished[old]!.at < since) old++;
    if (old > 0) this.finished.splice(0, old);
    let busyMs = 0;
    for (const f of this.finished) busyMs += f.busyMs;
    if (busyMs > 0) this.lastPerMs = this.finished.length / busyMs;
    const perMs = Math.max(this.lastPerMs ?? 0, this.options.slowestPerSecond / 1000);
    return this.waiting.size / perMs > this.options.maxMs;
  }
}
