import { assessRisk, type RiskModel } from "../risk/index.js";
import { defaultRiskModel } from "../risk/loadRiskModel.js";
import type { RiskAssessor } from "./runTurn.js";

/** The production risk assessor over the lexicon model in flows/risk (loaded at boot, so bad data fails fast). */
export function riskAssessorFromModel(model: RiskModel = defaultRiskModel()): RiskAssessor {
  return (text) => {
    const result = assessRisk(text, model);
    return {
      level: result.level,
      indicators: result.indicators.map((i) => i.id),
      advice: result.indicators.map((i) => i.advice),
    };
  };
}
