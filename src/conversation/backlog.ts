export interface BacklogOptions {
  /** A turn that has waited longer than this for a free slot means the process is behind (ms). */
  maxSlotWaitMs: number;
  /** Milliseconds; default Date.now. */
  now?: () => number;
}

/**
 * The inbound messages stored by this process and waiting for their turn here, and whether the
 * process is behind: a turn (whose person has no earlier turn left) has waited longer than
 * `maxSlotWaitMs` for one of the process's turn slots. What is measured is the wait itself, not an
 * estimate of it; one person's own slow turn (a send Telegram makes wait) does not count, since
 * their next turn does not ask for a slot until it ends.
 */
export class Backlog {
  private readonly waiting = new Set<number>();
  /** Turns asking for a slot, with when they asked (insertion order: the oldest first). */
  private readonly asking = new Map<number, number>();
  private readonly now: () => number;

  constructor(private readonly options: BacklogOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A stored message now waits for its turn. */
  add(inboundId: number): void {
    this.waiting.add(inboundId);
  }

  /** Its turn (the person's earlier turns done) asks for a slot now. */
  askSlot(inboundId: number): void {
    this.asking.set(inboundId, this.now());
  }

  /** Its turn got a slot. */
  gotSlot(inboundId: number): void {
    this.asking.delete(inboundId);
  }

  /** Its turn ended (answered, failed or found nothing to do). */
  done(inboundId: number): void {
    this.waiting.delete(inboundId);
    this.asking.delete(inboundId);
  }

  has(inboundId: number): boolean {
    return this.waiting.has(inboundId);
  }

  get size(): number {
    return this.waiting.size;
  }

  /** True while the turn that has asked longest for a slot has waited more than `maxSlotWaitMs`. */
  full(): boolean {
    for (const askedAt of this.asking.values()) return this.now() - askedAt > this.options.maxSlotWaitMs;
    return false;
  }
}
