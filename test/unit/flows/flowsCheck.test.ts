import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadFlows } from "../../../src/flows/loadFlows.js";

function runCheck(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/flowsCheck.ts", ...args], {
    encoding: "utf8",
  });
}

describe("flows:check", () => {
  it("when the shipped flows are checked, then there is no problem", () => {
    const bundle = loadFlows("flows", "locales");
    expect(bundle.problems).toEqual([]);
    expect([...bundle.flows.keys()]).toEqual(
      expect.arrayContaining(["main", "counselor", "erase", "hotlines"]),
    );
  });

  it("when flows are broken, then it exits non-zero with file:line: message for every problem", () => {
    const result = runCheck([
      "--flows",
      "test/fixtures/flows/broken",
      "--locales",
      "test/fixtures/flows/locales",
    ]);
    expect(result.status).toBe(1);
    const lines = result.stderr.split("\n").filter((l) => l.startsWith("test/fixtures"));
    const f = "test/fixtures/flows/broken";
    expect(lines).toEqual(
      expect.arrayContaining([
        `${f}/main.flow.yaml:14: step "menu" points to "nowhere", which does not exist`,
        `${f}/main.flow.yaml:15: choice "two" of step "menu" has no exit (no next on the choice or the step)`,
        `${f}/main.flow.yaml:9: text key "t:two" is missing in locale en`,
        `${f}/main.flow.yaml:18: step "orphan" is unreachable`,
        `${f}/main.flow.yaml:18: text key "t:missing_key" is missing in locale vi`,
        `${f}/counselor.flow.yaml:6: steps.request.priority: Invalid option: expected one of "urgent"|"high"|"normal"`,
        `${f}/erase.flow.yaml:8: step "jump" jumps to flow "ghost", which does not exist`,
        `${f}/erase.flow.yaml:7: step "jump" is unreachable`,
      ]),
    );
  });

  it("when a flow file is not valid YAML, then the line of the syntax error is reported", async () => {
    const { mkdtempSync, writeFileSync, cpSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(`${tmpdir()}/flows-`);
    cpSync("test/fixtures/flows/broken", dir, { recursive: true });
    writeFileSync(`${dir}/bad.flow.yaml`, "id: bad\nstart: a\nsteps:\n  a: [unclosed\n");
    const result = runCheck(["--flows", dir, "--locales", "test/fixtures/flows/locales"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad\.flow\.yaml:\d+: YAML: /);
  });
});
