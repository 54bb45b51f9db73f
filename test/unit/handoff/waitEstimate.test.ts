import { describe, expect, it } from "vitest";
import { estimateWait, isMeaningfulChange } from "../../../src/handoff/waitEstimate.js";

describe("wait estimate", () => {
  it("when there are fewer than 3 recent chats, then there is no estimate", () => {
    expect(estimateWait({ position: 1, recentHandlingMinutes: [10, 20], capacity: 3 })).toEqual({
      kind: "unknown",
    });
  });

  it("when no counselor is available, then there is no estimate", () => {
    expect(estimateWait({ position: 1, recentHandlingMinutes: [10, 20, 30], capacity: 0 })).toEqual({
      kind: "unknown",
    });
  });

  it("when history exists, then the estimate is place × median handling time ÷ capacity, rounded up to 5 minutes", () => {
    // median 20 min, 2 slots: place 3 → 30 min
    expect(estimateWait({ position: 3, recentHandlingMinutes: [10, 20, 90], capacity: 2 })).toEqual({
      kind: "minutes",
      minutes: 30,
    });
    // place 1, median 12, 6 slots → 2 min → at least 5
    expect(estimateWait({ position: 1, recentHandlingMinutes: [12, 12, 12, 12], capacity: 6 })).toEqual({
      kind: "minutes",
      minutes: 5,
    });
    // even count: median of 10 and 20 is 15; place 2, one slot → 30
    expect(estimateWait({ position: 2, recentHandlingMinutes: [5, 10, 20, 40], capacity: 1 })).toEqual({
      kind: "minutes",
      minutes: 30,
    });
  });

  it("when the place changes by one far back in the queue, then it is not worth a message; near the front it is", () => {
    const unknown = { kind: "unknown" } as const;
    expect(isMeaningfulChange({ position: 9, estimate: unknown }, { position: 8, estimate: unknown })).toBe(
      false,
    );
    expect(isMeaningfulChange({ position: 9, estimate: unknown }, { position: 6, estimate: unknown })).toBe(
      true,
    );
    expect(isMeaningfulChange({ position: 4, estimate: unknown }, { position: 3, estimate: unknown })).toBe(
      true,
    );
    expect(isMeaningfulChange({ position: 2, estimate: unknown }, { position: 2, estimate: unknown })).toBe(
      false,
    );
  });

  it("when the estimate moves by 10 minutes or appears, then it is worth a message", () => {
    const m = (minutes: number) => ({ kind: "minutes", minutes }) as const;
    expect(isMeaningfulChange({ position: 8, estimate: m(40) }, { position: 8, estimate: m(35) })).toBe(
      false,
    );
    expect(isMeaningfulChange({ position: 8, estimate: m(40) }, { position: 8, estimate: m(30) })).toBe(true);
    expect(
      isMeaningfulChange({ position: 8, estimate: { kind: "unknown" } }, { position: 8, estimate: m(30) }),
    ).toBe(true);
  });
});
