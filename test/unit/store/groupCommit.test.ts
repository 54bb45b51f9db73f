import { describe, expect, it } from "vitest";
import { GroupCommit, padToPowerOfTwo } from "../../../src/store/groupCommit.js";

describe("GroupCommit", () => {
  it("when writes are asked for in the same turn of the event loop, then they are done in one write", async () => {
    const writes: number[][] = [];
    const group = new GroupCommit<number>(async (items) => {
      writes.push(items);
    });
    await Promise.all([group.add([1]), group.add([2, 3]), group.add([4])]);
    expect(writes).toEqual([[1, 2, 3, 4]]);
  });

  it("when a write is asked for after the last one was done, then it is a write of its own", async () => {
    const writes: number[][] = [];
    const group = new GroupCommit<number>(async (items) => {
      writes.push(items);
    });
    await group.add([1]);
    await group.add([2]);
    expect(writes).toEqual([[1], [2]]);
  });

  it("when a write is asked for while one is being done, then it goes in the next write", async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const group = new GroupCommit<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await gate;
    });
    const first = group.add([1]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([[1]]);
    const second = group.add([2]);
    await second;
    expect(writes).toEqual([[1], [2]]);
    release();
    await first;
  });

  it("when the write fails, then every caller of that write gets the error", async () => {
    const group = new GroupCommit<number>(async () => {
      throw new Error("disk full");
    });
    const results = await Promise.allSettled([group.add([1]), group.add([2])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(group.add([3])).rejects.toThrow("disk full");
  });

  it("when nothing is asked for, then nothing is written", async () => {
    let writes = 0;
    const group = new GroupCommit<number>(async () => {
      writes++;
    });
    await group.add([]);
    expect(writes).toBe(0);
  });
});

describe("padToPowerOfTwo", () => {
  it("pads with the last id to the next power of two and leaves powers of two alone", () => {
    expect(padToPowerOfTwo([7])).toEqual([7]);
    expect(padToPowerOfTwo([1, 2, 3])).toEqual([1, 2, 3, 3]);
    expect(padToPowerOfTwo([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
    expect(padToPowerOfTwo([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
  });
});
