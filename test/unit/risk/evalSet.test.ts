import { describe, expect, it } from "vitest";
import { EVAL_AIMS, evaluate } from "../../../src/risk/evaluate.js";
import { loadEvalSet } from "../../../src/risk/loadEvalSet.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";

const model = loadRiskModel("flows/risk");
const examples = loadEvalSet("test/fixtures/risk");

describe("labelled evaluation set", () => {
  it("when the set is loaded, then it has at least 300 messages and about 30% holdout", () => {
    expect(examples.length).toBeGreaterThanOrEqual(300);
    const holdout = examples.filter((e) => e.split === "holdout").length / examples.length;
    expect(holdout).toBeGreaterThan(0.25);
    expect(holdout).toBeLessThan(0.35);
  });

  // Only the dev split gates CI: the holdout split is reported by `npm run risk:eval`
  // and must stay unseen while tuning.
  const report = evaluate(
    examples.filter((e) => e.split === "dev"),
    model,
    "dev",
  );

  it("when the dev split is graded, then urgent recall meets the aim", () => {
    expect(report.recall.urgent).toBeGreaterThanOrEqual(EVAL_AIMS.urgentRecall);
  });

  it("when the dev split is graded, then scam-offer recall meets the aim", () => {
    expect(report.recall.scam).toBeGreaterThanOrEqual(EVAL_AIMS.scamRecall);
  });

  it("when the dev split is graded, then at most 3% of benign messages are high or urgent", () => {
    expect(report.benignHighOrUrgent).toBeLessThanOrEqual(EVAL_AIMS.benignHighOrUrgentMax);
  });
});
