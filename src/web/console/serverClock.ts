// The server's clock as the console sees it. A counselor's PC may be hours off (old office
// machines often are), so every wait the console shows or alerts on is measured against the
// server's time: each answer that carries the server's `now` sets the offset to this page's clock.

/** The server's time, kept as an offset from this page's clock. */
export class ServerClock {
  private offsetMs = 0;

  /** @param localNow this page's clock (ms), replaceable in tests */
  constructor(private readonly localNow: () => number = () => Date.now()) {}

  /** An answer said the server's time was `serverNow` (ISO); a missing or bad value is ignored. */
  observe(serverNow: string | undefined): void {
    const at = serverNow === undefined ? Number.NaN : Date.parse(serverNow);
    if (Number.isFinite(at)) this.offsetMs = at - this.localNow();
  }

  /** The server's time now (ms since the epoch). */
  now(): number {
    return this.localNow() + this.offsetMs;
  }
}
