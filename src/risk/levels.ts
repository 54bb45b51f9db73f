import type { LevelThresholds } from "./schema.js";
import { RISK_LEVELS, type RiskLevel } from "./types.js";

/**
 * Orders two levels like a sort comparator: negative when `a` is lower.
 *
 * @example ["high", "none"].sort(compareRiskLevels) // ["none", "high"]
 */
export function compareRiskLevels(a: RiskLevel, b: RiskLevel): number {
  return RISK_LEVELS.indexOf(a) - RISK_LEVELS.indexOf(b);
}

/** The higher of two levels: a conversation keeps the worst level it has reached. */
export function maxRiskLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return compareRiskLevels(a, b) >= 0 ? a : b;
}

/** Maps a score to a level with the thresholds from `levels.yaml` (danger is handled apart). */
export function levelForScore(score: number, thresholds: LevelThresholds): Exclude<RiskLevel, "urgent"> {
  if (score >= thresholds.high) return "high";
  if (score >= thresholds.medium) return "medium";
  if (score >= thresholds.low) return "low";
  return "none";
}
