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
    for (let id = 1; id <= 1_000; id++) {
      backlog.add(id);
      backlog.done(id);
      advance(10);
    }
    advance(-10); // the last finished just now; 1,000 in the last 10 s
    for (let id = 2_001; id <= 3_500; id++) backlog.add(id);
    expect(backlog.full()).toBe(false);
    backlog.add(3_501);
    expect(backlog.full()).toBe(true);
  });

  it("when the recent turns are older than the window, then their pace no longer counts", () => {
    const { backlog, advance } = backlogAt();
    for (let id = 1; id <= 1_000; id++) {
      backlog.add(id);
      backlog.done(id);
    }
    for (let id = 2_001; id <= 2_100; id++) backlog.add(id);
    expect(backlog.full()).toBe(false);
    advance(10_001);
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
