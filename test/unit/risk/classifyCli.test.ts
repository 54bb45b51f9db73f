import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function runClassify(input: string) {
  return spawnSync("npx", ["tsx", "src/cli/riskClassify.ts"], { input, encoding: "utf8", timeout: 110_000 });
}

describe("risk:classify CLI", () => {
  it("when given two JSONL lines, then it prints two result lines with text, level and indicator ids", () => {
    const run = runClassify('{"text":"cuu e voi, e bi nhot"}\n{"text":"Xin chào"}\n');
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { text: "cuu e voi, e bi nhot", level: "urgent", indicators: ["confined_now", "plea_for_rescue"] },
      { text: "Xin chào", level: "none", indicators: [] },
    ]);
  }, 120_000);

  it("when a line is bad, then stderr names its line, the others are still classified and the exit code is 1", () => {
    const run = runClassify('not json\n{"text":"công ty giữ hộ chiếu"}\n');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stderr.trim().split("\n").at(-1) ?? "")).toEqual({
      line: 1,
      error: "not valid JSON",
    });
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
  }, 120_000);
});
