import { describe, expect, it } from "vitest";
import { FoldedRuns } from "../../../src/realtime/foldedRuns.js";

/** FoldedRuns of a task that counts its runs, errors ignored. */
function counting(everyMs: number) {
  const counted = { runs: 0 };
  const folded = new FoldedRuns(
    async () => void counted.runs++,
    everyMs,
    () => undefined,
  );
  return { counted, folded };
}

describe("FoldedRuns", () => {
  it("when nothing ran lately, then a request runs the task at once", async () => {
    const { counted, folded } = counting(60_000);
    folded.request();
    await folded.settled();
    expect(counted.runs).toBe(1);
  });

  it("when requests come while a run waits to start, then they fold into that run", async () => {
    const seen: number[] = [];
    let value = 0;
    const folded = new FoldedRuns(
      async () => {
        seen.push(value);
      },
      100,
      () => undefined,
    );
    value = 1;
    folded.request(); // runs at once
    await folded.settled();
    // Within the interval: one run after it, seeing the last value.
    for (value = 2; value <= 10; value++) folded.request();
    value = 10;
    await folded.settled();
    expect(seen).toEqual([1, 10]);
  });

  it("when a run was less than the interval ago, then the next waits for the rest of it", async () => {
    const starts: number[] = [];
    const folded = new FoldedRuns(
      async () => void starts.push(Date.now()),
      150,
      () => undefined,
    );
    folded.request();
    await folded.settled();
    folded.request();
    await folded.settled();
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(140);
  });

  it("when a run fails, then the error is reported and later requests still run", async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const folded = new FoldedRuns(
      async () => {
        runs++;
        if (runs === 1) throw new Error("database gone");
      },
      0,
      (err) => errors.push(err),
    );
    folded.request();
    await folded.settled();
    folded.request();
    await folded.settled();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it("when stopped, then a run waiting for its interval does not start, nor do later requests", async () => {
    const { counted, folded } = counting(100);
    folded.request();
    await folded.settled();
    folded.request(); // waits for the interval
    folded.stop();
    await folded.settled();
    folded.request();
    await folded.settled();
    expect(counted.runs).toBe(1);
  });
});
