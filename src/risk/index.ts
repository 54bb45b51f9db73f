// Risk recognition in free text: ILO forced-labour indicators, recruitment red flags, danger.
// Pure: load the model with `loadRiskModel` / `defaultRiskModel` (src/risk/loadRiskModel.ts).
export { assessRisk } from "./assessRisk.js";
export { compareRiskLevels, levelForScore, maxRiskLevel } from "./levels.js";
export { buildRiskModel, type PhraseTag, type RiskModel } from "./model.js";
export {
  type IndicatorDefinition,
  indicatorFileSchema,
  indicatorSchema,
  type LevelThresholds,
  levelsFileSchema,
  levelThresholdsSchema,
  type PhraseLists,
  phraseListsSchema,
  type RiskModelData,
  scopeRulesSchema,
} from "./schema.js";
export {
  RISK_LEVELS,
  type RiskCategory,
  type RiskIndicatorHit,
  type RiskLevel,
  type RiskResult,
} from "./types.js";
