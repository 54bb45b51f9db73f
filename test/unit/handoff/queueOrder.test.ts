import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareQueued, inQueueOrder, type Queued } from "../../../src/handoff/queueOrder.js";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 4, 3, minute));

describe("queue order", () => {
  it("when chats of every priority wait, then urgent comes first, then high, then normal, oldest first within each", () => {
    const items: Queued[] = [
      { id: "n-old", priority: "normal", waitingSince: at(1) },
      { id: "h-new", priority: "high", waitingSince: at(9) },
      { id: "u-new", priority: "urgent", waitingSince: at(8) },
      { id: "n-new", priority: "normal", waitingSince: at(5) },
      { id: "h-old", priority: "high", waitingSince: at(2) },
      { id: "u-old", priority: "urgent", waitingSince: at(3) },
    ];
    expect(inQueueOrder(items).map((i) => i.id)).toEqual([
      "u-old",
      "u-new",
      "h-old",
      "h-new",
      "n-old",
      "n-new",
    ]);
  });

  it("when a chat has no priority, then it counts as normal", () => {
    expect(
      compareQueued(
        { id: "a", priority: null, waitingSince: at(1) },
        { id: "b", priority: "normal", waitingSince: at(2) },
      ),
    ).toBeLessThan(0);
  });

  it("when any list is ordered, then no higher priority ever follows a lower one", () => {
    const item = fc.record({
      id: fc.uuid(),
      priority: fc.constantFrom("urgent", "high", "normal"),
      waitingSince: fc.integer({ min: 0, max: 1e6 }).map((n) => new Date(n * 1000)),
    });
    const rank = { urgent: 0, high: 1, normal: 2 } as Record<string, number>;
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const ordered = inQueueOrder(items);
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1]!, ordered[i]!];
          expect(rank[a.priority!]! <= rank[b.priority!]!).toBe(true);
          if (a.priority === b.priority)
            expect(a.waitingSince!.getTime() <= b.waitingSince!.getTime()).toBe(true);
        }
      }),
    );
  });
});
