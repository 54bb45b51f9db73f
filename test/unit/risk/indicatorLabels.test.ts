import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";

describe("indicator labels for counselors", () => {
  const ids = loadRiskModel("flows/risk").indicators.map((i) => i.id);

  it.each([["vi"], ["en"]])(
    "when the console shows indicators in %s, then every indicator has a label",
    (lng) => {
      const risk = JSON.parse(readFileSync(`locales/${lng}/risk.json`, "utf8")) as {
        indicator: Record<string, string>;
      };
      const missing = ids.filter((id) => !risk.indicator[id]);
      expect(missing).toEqual([]);
    },
  );
});
