import { describe, expect, it } from "vitest";
import { Backlog } from "../../../src/conversation/backlog.js";

function backlogAt() {
  let now = 1_000_000;
  const backlog = new Backlog({ maxSlotWaitMs: 10_000, now: () => now });
  return {
    backlog,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("Backlog", () => {
  it("when a turn has waited 10 s for a slot, then the process is not behind yet; a millisecond more and it is", () => {
    const { backlog, advance } = backlogAt();
    backlog.add(1);
    backlog.askSlot(1);
    advance(5_000);
    backlog.add(2);
    backlog.askSlot(2);
    advance(5_000);
    expect(backlog.full()).toBe(false);
    advance(1);
    expect(backlog.full()).toBe(true);
  });

  it("when the oldest asking turn gets its slot, then the next oldest decides", () => {
    const { backlog, advance } = backlogAt();
    backlog.askSlot(1);
    advance(6_000);
    backlog.askSlot(2);
    advance(6_000);
    expect(backlog.full()).toBe(true);
    backlog.gotSlot(1);
    expect(backlog.full()).toBe(false);
    advance(4_001);
    expect(backlog.full()).toBe(true);
    backlog.done(2);
    expect(backlog.full()).toBe(false);
  });

  it("when many messages wait behind their own person's turns but none asks for a slot, then the process is not behind", () => {
    const { backlog, advance } = backlogAt();
    for (let id = 1; id <= 500; id++) backlog.add(id);
    advance(60_000);
    expect(backlog.size).toBe(500);
    expect(backlog.full()).toBe(false);
  });

  it("when a message is waiting, then it is known until its turn is done", () => {
    const { backlog } = backlogAt();
    backlog.add(7);
    expect(backlog.has(7)).toBe(true);
    expect(backlog.size).toBe(1);
    backlog.done(7);
    backlog.done(7);
    expect(backlog.has(7)).toBe(false);
    expect(backlog.size).toBe(0);
  });
});
