import { describe, expect, it } from "vitest";
import { Backlog } from "../../../src/conversation/backlog.js";

function backlogAt() {
  let now = 1_000_000;
  const backlog = new Backlog({ maxMs: 15_000, windowMs: 10_000, slowestPerSecond: 5, now: () => now });
  return {
    backlog,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("Backlog", () => {
  it("when a fresh process has no pace yet, then it takes 5 turns a second: 75 waiting fit, 76 do not", () => {
    const { backlog } = backlogAt();
    for (let id = 1; id <= 75; id++) backlog.add(id);
    expect(backlog.full()).toBe(false);
    backlog.add(76);
    expect(backlog.full()).toBe(true);
  });

  it("when turns finished at 100 a second, then 1,500 waiting fit and 1,501 do not", () => {
    const { backlog, advance } = backlogAt();
    for (let id = 1; id <= 3_500; id++) backlog.add(id);
    for (let id = 1; id <= 1_000; id++) {
      advance(10);
      backlog.done(id);
    }
    // 1,000 turns in 10 busy seconds; 2,500 still wait (16.7 s of work): too many.
    expect(backlog.full()).toBe(true);
    for (let id = 1_001; id <= 2_000; id++) backlog.done(id); // finished by now, no time passed
    for (let id = 2_001; id <= 2_500; id++) backlog.done(id);
    expect(backlog.size).toBe(1_000);
    expect(backlog.full()).toBe(false);
  });

  it("when a burst follows a quiet spell, then the pace is that of the busy time, not of the whole window", () => {
    const { backlog, advance } = backlogAt();
    // 100 turns in 1 s, then 8 s with nothing to do.
    for (let id = 1; id <= 100; id++) backlog.add(id);
    for (let id = 1; id <= 100; id++) {
      advance(10);
      backlog.done(id);
    }
    advance(8_000);
    // 100 a second, not 100 in 9 s: 1,500 waiting fit.
    for (let id = 1_001; id <= 2_500; id++) backlog.add(id);
    expect(backlog.full()).toBe(false);
    backlog.add(2_501);
    expect(backlog.full()).toBe(true);
  });

  it("when the turns of the window are older than it, then the last pace seen still counts", () => {
    const { backlog, advance } = backlogAt();
    for (let id = 1; id <= 100; id++) backlog.add(id);
    for (let id = 1; id <= 100; id++) {
      advance(10);
      backlog.done(id);
    }
    expect(backlog.full()).toBe(false);
    advance(60_000);
    for (let id = 1_001; id <= 2_500; id++) backlog.add(id);
    expect(backlog.full()).toBe(false);
    backlog.add(2_501);
    expect(backlog.full()).toBe(true);
  });

  it("when a message is waiting, then it is known until its turn is done, and done twice counts once", () => {
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
