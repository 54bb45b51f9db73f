import { assessRisk } from "../risk/index.js";
import { defaultRiskModel } from "../risk/loadRiskModel.js";
import type { RiskAssessor } from "./runTurn.js";

/** The production risk assessor: the lexicon model in flows/risk, loaded once. */
export function riskAssessorFromModel(): RiskAssessor {
  const model = defaultRiskModel();
  return (text) => {
    const result = assessRisk(text, model);
    return { level: result.level, indicators: result.indicators.map((i) => i.id) };
  };
}
