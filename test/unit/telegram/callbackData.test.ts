import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeChoice, encodeChoice } from "../../../src/channels/telegram/callbackData.js";

describe("callback data", () => {
  it("when a flow choice is encoded, then it gets a c: prefix and decodes back", () => {
    expect(encodeChoice("job_check")).toBe("c:job_check");
    expect(decodeChoice("c:job_check")).toEqual({ type: "choice", value: "job_check" });
  });

  it("when a global choice is encoded, then g_ becomes the shorter g: and decodes back", () => {
    expect(encodeChoice("g_menu")).toBe("g:menu");
    expect(decodeChoice("g:menu")).toEqual({ type: "choice", value: "g_menu" });
  });

  it("when any valid choice value is encoded, then it fits in 64 bytes and round-trips", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_]{1,24}$/), (value) => {
        const data = encodeChoice(value);
        expect(data).toBeDefined();
        expect(Buffer.byteLength(data!)).toBeLessThanOrEqual(64);
        expect(decodeChoice(data)).toEqual({ type: "choice", value });
      }),
    );
  });

  it("when a value is not a valid choice value, then it is not encoded", () => {
    expect(encodeChoice("")).toBeUndefined();
    expect(encodeChoice("Job Check")).toBeUndefined();
    expect(encodeChoice("a".repeat(25))).toBeUndefined();
  });

  it("when data was not written by us (stale, forged or missing), then it decodes as unknown", () => {
    for (const data of [
      undefined,
      "",
      "job_check",
      "x:job_check",
      "c:",
      "c:JOB",
      `c:${"a".repeat(25)}`,
      "g:",
      "c:a b",
    ]) {
      expect(decodeChoice(data)).toEqual({ type: "unknown" });
    }
  });
});
