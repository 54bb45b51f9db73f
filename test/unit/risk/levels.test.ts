import { describe, expect, it } from "vitest";
import { assessRisk } from "../../../src/risk/assessRisk.js";
import { compareRiskLevels, levelForScore, maxRiskLevel } from "../../../src/risk/levels.js";
import { defaultRiskModel, loadRiskModel } from "../../../src/risk/loadRiskModel.js";
import { RISK_LEVELS } from "../../../src/risk/types.js";

// The lexicon alone: these tests pin down what its phrases and scope rules do.
const model = loadRiskModel("flows/risk", { classifierFile: false });

describe("level order", () => {
  it("when levels are sorted with compareRiskLevels, then they go none to urgent", () => {
    expect(
      ["urgent", "none", "high", "low", "medium"].sort((a, b) => compareRiskLevels(a as never, b as never)),
    ).toEqual([...RISK_LEVELS]);
  });

  it("when two levels are combined, then the higher one wins", () => {
    expect(maxRiskLevel("low", "high")).toBe("high");
    expect(maxRiskLevel("urgent", "medium")).toBe("urgent");
    expect(maxRiskLevel("none", "none")).toBe("none");
  });
});

describe("scoring", () => {
  const thresholds = { low: 1, medium: 3, high: 6 };

  it("when the score crosses a threshold, then the level rises", () => {
    expect(levelForScore(0, thresholds)).toBe("none");
    expect(levelForScore(2, thresholds)).toBe("low");
    expect(levelForScore(3, thresholds)).toBe("medium");
    expect(levelForScore(6, thresholds)).toBe("high");
  });

  it("when several red flags appear, then their weights add up to a higher level", () => {
    const one = assessRisk("không cần kinh nghiệm", model);
    const many = assessRisk("đi Campuchia làm online, không cần kinh nghiệm, bao vé, lương 1000 usd", model);
    expect(one.level).toBe("low");
    expect(many.level).toBe("high");
    expect(many.score).toBeGreaterThan(one.score);
  });

  it("when any danger indicator appears, then the level is urgent even with a low score elsewhere", () => {
    expect(assessRisk("cứu em", model).level).toBe("urgent");
  });

  it("when indicators are found, then each carries its category and advice key", () => {
    const [hit] = assessRisk("công ty giữ hộ chiếu", model).indicators;
    expect(hit).toEqual({
      id: "retention_of_identity_documents",
      category: "ilo",
      advice: "risk:advice.retention_of_identity_documents",
    });
  });
});

describe("long messages", () => {
  // Speed is measured by `npm run bench`, not asserted here.
  it("when a 4,000-character message hides a danger phrase at the end, then it is found", () => {
    const filler = "Hôm nay em đi làm ở xưởng may, trời nóng, ăn cơm với rau. ".repeat(70);
    const text = `${filler} Họ nhốt em trong phòng.`;
    expect(text.length).toBeGreaterThan(4000);
    expect(assessRisk(text, model).level).toBe("urgent");
  });
});

describe("defaultRiskModel", () => {
  it("when called twice, then the same compiled model is returned", () => {
    expect(defaultRiskModel()).toBe(defaultRiskModel());
  });
});
