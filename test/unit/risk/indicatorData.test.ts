import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assessRisk } from "../../../src/risk/assessRisk.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";
import { RISK_LEVELS } from "../../../src/risk/types.js";
import { localeTexts } from "../../support/localeTexts.js";

// The lexicon alone: these tests pin down what its phrases and scope rules do.
const model = loadRiskModel("flows/risk", { classifierFile: false });
const locales = {
  vi: JSON.parse(readFileSync("locales/vi/risk.json", "utf8")),
  en: JSON.parse(readFileSync("locales/en/risk.json", "utf8")),
};
const ILO_ELEVEN = [
  "abuse_of_vulnerability",
  "deception",
  "restriction_of_movement",
  "isolation",
  "physical_and_sexual_violence",
  "intimidation_and_threats",
  "retention_of_identity_documents",
  "withholding_of_wages",
  "debt_bondage",
  "abusive_working_and_living_conditions",
  "excessive_overtime",
];

describe.each(model.indicators.map((i) => [i.id, i] as const))("indicator %s", (id, indicator) => {
  it.each(indicator.examples)("when the message is its example (%s), then it is found", (text) => {
    expect(assessRisk(text, model).indicators.map((i) => i.id)).toContain(id);
  });

  if (indicator.counterexamples.length > 0) {
    it.each(indicator.counterexamples)(
      "when the message is a counterexample (%s), then it is not found",
      (text) => {
        expect(assessRisk(text, model).indicators.map((i) => i.id)).not.toContain(id);
      },
    );
  }

  it.each(["vi", "en"] as const)(
    "when shown in %s, then its advice text exists and fits a phone screen",
    (lng) => {
      const text = locales[lng].advice[id];
      expect(typeof text).toBe("string");
      expect(text.length).toBeLessThanOrEqual(320);
    },
  );
});

describe("coverage of the model", () => {
  it("when the model is loaded, then all eleven ILO indicators are present", () => {
    const ids = model.indicators.map((i) => i.id);
    for (const id of ILO_ELEVEN) expect(ids).toContain(id);
  });

  it.each(["vi", "en"] as const)("when shown in %s, then urgent, high and level labels exist", (lng) => {
    const texts = locales[lng];
    // As shown when nobody said where they are: both the Vietnamese numbers and the line abroad.
    const shown = localeTexts(lng, "risk");
    expect(shown.urgent).toMatch(/113/);
    expect(shown.urgent).toMatch(/111/);
    expect(shown.urgent).toMatch(/\+84 981 84 84 84/);
    expect(shown.high).toMatch(/111/);
    expect(shown.high).toMatch(/113/);
    // Abroad the line that works from abroad comes first; in Vietnam, 113 first.
    expect(texts.urgent_lines_abroad).toMatch(/^[^0-9]*\+84 981 84 84 84/);
    expect(texts.urgent_lines_vietnam).toMatch(/^[^0-9]*113/);
    for (const level of RISK_LEVELS) expect(typeof texts.level[level]).toBe("string");
  });

  it.each(["vi", "en"] as const)(
    "when shown in %s, then no text mentions the retired 1800 1567 line",
    (lng) => {
      expect(JSON.stringify(locales[lng])).not.toMatch(/1800\s?1567/);
    },
  );
});
