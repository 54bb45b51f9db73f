import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ConversationService } from "../../../src/conversation/conversationService.js";
import type { QueueDesk } from "../../../src/handoff/queueDesk.js";
import type { QueuePlaces } from "../../../src/handoff/queuePlaces.js";
import { QueueWatcher, type QueueWatcherDeps } from "../../../src/handoff/queueWatcher.js";

/** A watcher whose queue reads wait until released, counting the passes and estimate reads. */
function watcher() {
  const counts = { passes: 0, estimators: 0 };
  let release: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const deps = {
    conversations: {
      queue: async () => {
        counts.passes += 1;
        await gate;
        return [];
      },
      find: async () => undefined,
      countWaiting: async () => 0,
    },
    service: {} as ConversationService,
    desk: { toldOf: () => undefined } as unknown as QueueDesk,
    places: {
      estimator: async () => {
        counts.estimators += 1;
        return () => ({ minutes: undefined });
      },
    } as unknown as QueuePlaces,
    t: (key: string) => key,
    clock: () => new Date(),
    logger: pino({ level: "silent" }),
  } as unknown as QueueWatcherDeps;
  return {
    watcher: new QueueWatcher(deps),
    counts,
    open: () => {
      release();
      gate = Promise.resolve();
    },
  };
}

describe("QueueWatcher: re-telling waiting people their place", () => {
  it("when a burst of status changes arrives during a pass, then one more pass follows it, not one per change", async () => {
    const { watcher: w, counts, open } = watcher();
    w.refreshPositions(); // starts a pass, which waits on the queue read
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 50; i++) w.refreshPositions();
    open();
    await w.settled();
    expect(counts.passes).toBe(2);
    expect(counts.estimators).toBe(2);
  });

  it("when a change arrives after a pass has ended, then it gets a pass of its own", async () => {
    const { watcher: w, counts, open } = watcher();
    open();
    w.refreshPositions();
    await w.settled();
    w.refreshPositions();
    await w.settled();
    expect(counts.passes).toBe(2);
  });
});
