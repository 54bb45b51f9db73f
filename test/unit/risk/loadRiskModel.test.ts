import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadRiskModel, RiskModelError } from "../../../src/risk/loadRiskModel.js";

let root: string;
let dir: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "risk-model-"));
  dir = path.join(root, "risk");
  cpSync("flows/risk", dir, { recursive: true });
  cpSync("flows/shorthand.yaml", path.join(root, "shorthand.yaml"));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const edit = (file: string, change: (text: string) => string) => {
  const full = path.join(dir, file);
  writeFileSync(full, change(readFileSync(full, "utf8")));
};

describe("loadRiskModel", () => {
  it("when the data files are intact, then the model loads", () => {
    expect(loadRiskModel(dir).indicators.length).toBeGreaterThan(20);
  });

  it("when an indicator has a wrong category, then the error names the file, line and field", () => {
    edit("indicators/ilo.yaml", (t) => t.replace("category: ilo", "category: labour"));
    expect(() => loadRiskModel(dir)).toThrow(RiskModelError);
    expect(() => loadRiskModel(dir)).toThrow(/indicators\/ilo\.yaml:\d+: indicators\.0\.category/);
  });

  it("when the advice key does not match the id, then the error says so", () => {
    edit("indicators/danger.yaml", (t) => t.replace("risk:advice.confined_now", "risk:advice.locked"));
    expect(() => loadRiskModel(dir)).toThrow(/danger\.yaml:\d+: .*advice must be risk:advice\.<id>/);
  });

  it("when the YAML is broken, then the error names the file and says YAML syntax", () => {
    edit("levels.yaml", (t) => `${t}\n  bad: [unclosed\n`);
    expect(() => loadRiskModel(dir)).toThrow(/levels\.yaml:\d+: YAML syntax/);
  });

  it("when thresholds do not rise, then the error explains the order", () => {
    edit("levels.yaml", (t) => t.replace("high: 6", "high: 2"));
    expect(() => loadRiskModel(dir)).toThrow(/levels\.yaml.*thresholds must rise/);
  });

  it("when a phrase starts with *, then the error names the file and indicator", () => {
    edit("indicators/danger.yaml", (t) => t.replace("- bị nhốt\n", '- "* nhốt"\n'));
    expect(() => loadRiskModel(dir)).toThrow(/danger\.yaml: indicator confined_now: phrase "\* nhốt"/);
  });

  it("when an id is defined in two files, then the error names both", () => {
    edit("indicators/ilo.yaml", (t) =>
      t
        .replace("id: deception", "id: confined_now")
        .replace("risk:advice.deception", "risk:advice.confined_now"),
    );
    expect(() => loadRiskModel(dir)).toThrow(
      /ilo\.yaml: indicator confined_now is already defined in .*danger\.yaml/,
    );
  });

  it("when the shorthand file is missing, then the error names it", () => {
    rmSync(path.join(root, "shorthand.yaml"));
    expect(() => loadRiskModel(dir)).toThrow(/shorthand\.yaml: cannot read/);
  });
});
