/**
 * A task that refreshes something whole (the console's queue, the places told to waiting people):
 * run after each request, one run at a time, and at most once per `everyMs`. Requests made while
 * a run waits to start fold into it, since it reads everything afresh. A burst of handoffs then
 * costs a few reads of the queue, not one per change.
 */
export class FoldedRuns {
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly everyMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Asks for a run that starts after this call (at once when none ran for `everyMs`). */
  request(): void {
    if (this.queued) return;
    this.queued = true;
    this.chain = this.chain
      .then(() => {
        const wait = this.lastStart + this.everyMs - Date.now();
        return wait > 0 ? new Promise<void>((resolve) => setTimeout(resolve, wait).unref()) : undefined;
      })
      .then(() => {
        this.queued = false;
        if (this.stopped) return;
        this.lastStart = Date.now();
        return this.task();
      })
      .catch(this.onError);
  }

  /** No run starts after this (a shutdown: what they read may be closing); one under way finishes. */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves when the runs asked for so far are done. */
  settled(): Promise<void> {
    return this.chain;
  }
}
