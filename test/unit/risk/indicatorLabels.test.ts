import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WHOLE_MESSAGE_DANGER, WHOLE_MESSAGE_OFFER } from "../../../src/risk/assessRisk.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";

describe("indicator labels for counselors", () => {
  // The lexicon's indicators and the two the classifier adds when no phrase named the risk.
  const ids = [
    ...loadRiskModel("flows/risk").indicators.map((i) => i.id),
    WHOLE_MESSAGE_DANGER.id,
    WHOLE_MESSAGE_OFFER.id,
  ];

  it.each([["vi"], ["en"]])(
    "when the console shows indicators in %s, then every indicator has a label and an advice text",
    (lng) => {
      const risk = JSON.parse(readFileSync(`locales/${lng}/risk.json`, "utf8")) as {
        indicator: Record<string, string>;
        advice: Record<string, string>;
      };
      expect(ids.filter((id) => !risk.indicator[id])).toEqual([]);
      expect(ids.filter((id) => !risk.advice[id])).toEqual([]);
    },
  );
});
