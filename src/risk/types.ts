/** Risk levels, lowest first. */
export const RISK_LEVELS = ["none", "low", "medium", "high", "urgent"] as const;

/** How worried the service should be about one message. */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Kinds of indicator: ILO forced-labour indicators, recruitment red flags, danger now. */
export type RiskCategory = "ilo" | "recruitment" | "danger";

/** One indicator found in a message, with the i18next key of its advice text. */
export interface RiskIndicatorHit {
  id: string;
  category: RiskCategory;
  advice: string;
}

/** The outcome of `assessRisk`. Indicators come danger first, then by weight. */
export interface RiskResult {
  level: RiskLevel;
  score: number;
  indicators: RiskIndicatorHit[];
  /** The learned classifier's class probabilities, when one is loaded. */
  probabilities?: { urgent: number; scam: number; none: number };
}
