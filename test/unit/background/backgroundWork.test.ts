import { describe, expect, it } from "vitest";
import type { BackgroundDuty } from "../../../src/background/backgroundDuty.js";
import { BackgroundWork } from "../../../src/background/backgroundWork.js";
import { createLogger } from "../../../src/logger.js";
import type { LeaderLock } from "../../../src/store/leaderLock.js";

/** A lock the test grants and takes away, as PostgreSQL would. */
function fakeLock() {
  let free = true;
  let held = false;
  const lost: (() => void)[] = [];
  const lock: LeaderLock & { grant(): void; takeAway(): void; released: number } = {
    released: 0,
    async acquire() {
      if (!held && free) held = true;
      return held;
    },
    async release() {
      held = false;
      lock.released += 1;
    },
    onLost(listener) {
      lost.push(listener);
    },
    grant() {
      free = true;
    },
    takeAway() {
      // Another instance got it after this one's connection died.
      held = false;
      free = false;
      for (const listener of lost) listener();
    },
  };
  return lock;
}

function recordingDuty(name: string, log: string[]): BackgroundDuty {
  return {
    name,
    async start() {
      log.push(`start ${name}`);
    },
    async stop() {
      log.push(`stop ${name}`);
    },
  };
}

const silent = createLogger("silent");
const changes = (work: BackgroundWork) => {
  const seen: boolean[] = [];
  work.onChange((leader) => seen.push(leader));
  return seen;
};

describe("BackgroundWork", () => {
  it("when the lock is granted, then every duty starts in order; when it is lost, then they stop in reverse at once", async () => {
    const lock = fakeLock();
    const log: string[] = [];
    let now = 0;
    const work = new BackgroundWork({
      lock,
      duties: [recordingDuty("outbox", log), recordingDuty("polling", log)],
      logger: silent,
      checkIntervalMs: 60_000,
      now: () => now,
    });
    const seen = changes(work);
    await work.check();
    expect(work.isLeader).toBe(true);
    expect(work.running()).toEqual(["outbox", "polling"]);
    expect(log).toEqual(["start outbox", "start polling"]);

    const stopped = new Promise<void>((resolve) => work.onChange((leader) => !leader && resolve()));
    lock.takeAway(); // no round of checks: the loss alone stops the duties
    await stopped;
    expect(log).toEqual(["start outbox", "start polling", "stop polling", "stop outbox"]);
    expect(work.running()).toEqual([]);
    expect(seen).toEqual([true, false]);

    // The instance that lost it lets the others ask first: it does not grab it back at once.
    lock.grant();
    now = 3 * 60_000 - 1;
    await work.check();
    expect(work.isLeader).toBe(false);
    now = 3 * 60_000;
    await work.check();
    expect(work.running()).toEqual(["outbox", "polling"]);
    await work.stop();
    expect(lock.released).toBe(1);
    expect(seen).toEqual([true, false, true, false]);
  });

  it("when a duty fails to start, then the others still run and it is not reported as running", async () => {
    const log: string[] = [];
    const broken: BackgroundDuty = {
      name: "broken",
      start: async () => {
        throw new Error("no");
      },
      stop: async () => {
        log.push("stop broken");
      },
    };
    const work = new BackgroundWork({
      lock: fakeLock(),
      duties: [broken, recordingDuty("outbox", log)],
      logger: silent,
      checkIntervalMs: 60_000,
    });
    await work.check();
    expect(work.running()).toEqual(["outbox"]);
    await work.stop();
    expect(log).toEqual(["start outbox", "stop outbox"]);
  });

  it("when the lock is never granted, then no duty ever starts", async () => {
    const lock = fakeLock();
    lock.takeAway();
    const log: string[] = [];
    const work = new BackgroundWork({
      lock,
      duties: [recordingDuty("outbox", log)],
      logger: silent,
      checkIntervalMs: 60_000,
    });
    await work.start();
    await work.check();
    expect(work.isLeader).toBe(false);
    await work.stop();
    expect(log).toEqual([]);
  });
});
