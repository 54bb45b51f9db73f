import type { Priority, RiskLevel } from "../engine/types.js";

const LEVEL_ORDER: RiskLevel[] = ["none", "low", "medium", "high", "urgent"];
const PRIORITY_ORDER: Priority[] = ["normal", "high", "urgent"];

export function higherRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b;
}

export function higherPriority(a: Priority | null | undefined, b: Priority): Priority {
  if (!a) return b;
  return PRIORITY_ORDER.indexOf(a) >= PRIORITY_ORDER.indexOf(b) ? a : b;
}

/** Queue priority a risk level deserves on its own. */
export function priorityForRisk(level: RiskLevel): Priority {
  if (level === "urgent") return "urgent";
  if (level === "high") return "high";
  return "normal";
}
