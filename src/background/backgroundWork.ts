import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { LeaderLock } from "../store/leaderLock.js";
import type { BackgroundDuty } from "./backgroundDuty.js";

export interface BackgroundWorkDeps {
  lock: LeaderLock;
  duties: BackgroundDuty[];
  logger: Logger;
  /** How often an instance asks for the lock (and the holder checks it still has it). */
  checkIntervalMs: number;
  /**
   * After losing the lock (its connection died), how long this instance waits before asking
   * again, so that a healthy instance takes over instead of the troubled one grabbing it back
   * at once. Default: three check intervals.
   */
  lostCooldownMs?: number;
  /** Milliseconds now (tests pass their own). */
  now?: () => number;
}

/**
 * Runs the background duties on the one instance that holds the background lock
 * (`src/store/leaderLock.ts`): every `checkIntervalMs` each instance asks for the lock; the
 * one that gets it starts every duty, and stops them all as soon as it loses the lock (its
 * database connection died) or shuts down. So when the holder dies, another instance takes
 * over within one interval.
 */
export class BackgroundWork {
  private readonly events = new EventEmitter();
  private leader = false;
  private readonly started = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Rounds, losses and the shutdown run one after the other. */
  private chain: Promise<void> = Promise.resolve();
  private pending: Promise<void> | undefined;
  private closed = false;
  /** Until when (ms) this instance does not ask for the lock after losing it. */
  private coolingUntil = 0;

  constructor(private readonly deps: BackgroundWorkDeps) {
    // The lock's connection died: stop at once, before another instance starts the same work,
    // and let the others ask first for a while.
    deps.lock.onLost?.(() => {
      this.coolingUntil = this.now() + (deps.lostCooldownMs ?? 3 * deps.checkIntervalMs);
      void this.serial(() => this.demote());
    });
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** True while this instance holds the lock and runs the duties. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Names of the duties running on this instance now (empty unless it holds the lock). */
  running(): string[] {
    return this.deps.duties.map((d) => d.name).filter((name) => this.started.has(name));
  }

  /** Calls `listener` each time this instance takes (true) or loses (false) the lock. */
  onChange(listener: (leader: boolean) => void): () => void {
    this.events.on("change", listener);
    return () => this.events.off("change", listener);
  }

  /** Asks for the lock once (starting the duties if it is granted), then keeps asking. */
  async start(): Promise<void> {
    await this.check();
    if (this.closed || this.timer) return;
    this.timer = setInterval(() => void this.check(), this.deps.checkIntervalMs).unref();
  }

  /** Stops the duties and gives the lock up, so another instance takes over at once. */
  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.serial(async () => {
      const wasLeader = this.leader;
      await this.stopDuties();
      await this.deps.lock.release();
      if (wasLeader) this.events.emit("change", false);
    });
  }

  /** One round: takes or checks the lock and starts or stops the duties to match. */
  check(): Promise<void> {
    this.pending ??= this.serial(() => this.round()).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async round(): Promise<void> {
    if (this.closed) return;
    if (!this.leader && this.now() < this.coolingUntil) return;
    const held = await this.deps.lock.acquire();
    if (this.closed) return;
    if (held && !this.leader) {
      this.leader = true;
      for (const duty of this.deps.duties) {
        try {
          await duty.start();
          this.started.add(duty.name);
        } catch (err) {
          this.deps.logger.error({ err, duty: duty.name }, "background work did not start");
        }
      }
      this.deps.logger.info({ duties: this.running() }, "background work started on this instance");
      this.events.emit("change", true);
    } else if (!held) {
      await this.demote();
    }
  }

  private async demote(): Promise<void> {
    if (!this.leader) return;
    await this.stopDuties();
    this.deps.logger.warn("background work stopped on this instance: another one takes over");
    this.events.emit("change", false);
  }

  private async stopDuties(): Promise<void> {
    this.leader = false;
    for (const duty of [...this.deps.duties].reverse()) {
      if (!this.started.delete(duty.name)) continue;
      await duty
        .stop()
        .catch((err: unknown) =>
          this.deps.logger.error({ err, duty: duty.name }, "background work did not stop cleanly"),
        );
    }
  }
}
