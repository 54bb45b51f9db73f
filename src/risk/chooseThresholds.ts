import { type ClassifierThresholds, decideLevel } from "./assessRisk.js";
import type { MessageCues } from "./cues.js";
import { compareRiskLevels } from "./levels.js";
import type { ClassProbabilities } from "./linearClassifier.js";
import type { RiskResult } from "./types.js";

/** One dev message: its label, what the lexicon said, and the classifier's probabilities. */
export interface DevPoint {
  label: "urgent" | "scam" | "none";
  lexicon: Pick<RiskResult, "level" | "indicators">;
  p: ClassProbabilities;
  cues?: MessageCues;
}

/** The dev figures at a set of thresholds. */
export interface DevFigures {
  urgentRecall: number;
  scamRecall: number;
  noneHighOrUrgent: number;
  noneMediumOrAbove: number;
}

/** Aims the thresholds are chosen for, in this order (docs/risk.md). */
export const THRESHOLD_AIMS = {
  /**
   * At most this share of `none` messages may be graded high or urgent on dev: 4 %, between the
   * project's aim (3 %) and the bar on unseen sets (5 %), so urgent recall comes first.
   */
  noneHighOrUrgentMax: 0.04,
  /** The classifier may add at most this share of `none` messages graded high or urgent. */
  addedNoneHighOrUrgentMax: 0.01,
  /** The model may add at most this share of `none` messages graded medium or above. */
  addedNoneMediumMax: 0.04,
} as const;

/** Urgent recall, scam recall and false alarms of the combined model on dev at `t`. */
export function devFigures(points: readonly DevPoint[], t: ClassifierThresholds): DevFigures {
  const share = (
    label: DevPoint["label"],
    test: (level: ReturnType<typeof decideLevel>["level"]) => boolean,
  ) => {
    const rows = points.filter((p) => p.label === label);
    return rows.length === 0
      ? 0
      : rows.filter((p) => test(decideLevel(p.lexicon, p.p, t, p.cues).level)).length / rows.length;
  };
  return {
    urgentRecall: share("urgent", (l) => l === "urgent"),
    scamRecall: share("scam", (l) => compareRiskLevels(l, "medium") >= 0),
    noneHighOrUrgent: share("none", (l) => l === "high" || l === "urgent"),
    noneMediumOrAbove: share("none", (l) => compareRiskLevels(l, "medium") >= 0),
  };
}

const grid = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let x = from; x <= to + 1e-9; x += step) out.push(Math.round(x * 100) / 100);
  return out;
};

/**
 * Chooses the thresholds on dev (issue 10): first the lowest veto that costs the lexicon no
 * urgent or scam recall; then, urgent recall first, the two urgent thresholds (alone, and
 * corroborated by lexicon indicators) with the best recall whose false alarms stay within the
 * aim (or add at most one point to what the lexicon leaves); then the lowest offer threshold
 * that adds few medium grades to benign messages.
 * Pure and deterministic.
 */
export function chooseThresholds(points: readonly DevPoint[]): {
  thresholds: ClassifierThresholds;
  report: DevFigures & { lexiconOnly: DevFigures };
} {
  const off: ClassifierThresholds = { urgent: 1, scam: 1, benignVeto: 1 };
  const lexiconOnly = devFigures(points, off);

  let benignVeto = 1;
  for (const candidate of grid(0.7, 0.99, 0.01)) {
    const f = devFigures(points, { ...off, benignVeto: candidate });
    if (f.urgentRecall >= lexiconOnly.urgentRecall && f.scamRecall >= lexiconOnly.scamRecall) {
      benignVeto = candidate;
      break;
    }
  }
  // The classifier may add at most one point of false alarms to what the lexicon leaves.
  const allowed = Math.max(
    THRESHOLD_AIMS.noneHighOrUrgentMax,
    devFigures(points, { ...off, benignVeto }).noneHighOrUrgent + THRESHOLD_AIMS.addedNoneHighOrUrgentMax,
  );
  // Urgent recall first: the pair (urgent alone, urgent corroborated by lexicon indicators)
  // with the highest recall whose false alarms stay within what is allowed; ties go to the
  // higher thresholds. Never below 0.4: a lower threshold trusts a guess more than the lexicon.
  let urgent = 1;
  let urgentCorroborated = 1;
  let bestRecall = -1;
  const steps = grid(0.4, 1, 0.01);
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    for (let j = i; j >= 0; j -= 1) {
      const t = { ...off, urgent: steps[i]!, urgentCorroborated: steps[j]!, benignVeto };
      const f = devFigures(points, t);
      if (f.noneHighOrUrgent > allowed + 1e-9) break;
      if (f.urgentRecall > bestRecall + 1e-9) {
        bestRecall = f.urgentRecall;
        urgent = t.urgent;
        urgentCorroborated = t.urgentCorroborated;
      }
    }
  }

  let scam = 1;
  const baseMedium = devFigures(points, {
    urgent,
    urgentCorroborated,
    scam: 1,
    benignVeto,
  }).noneMediumOrAbove;
  for (const candidate of grid(0.4, 0.99, 0.01)) {
    const f = devFigures(points, { urgent, urgentCorroborated, scam: candidate, benignVeto });
    if (f.noneMediumOrAbove - baseMedium <= THRESHOLD_AIMS.addedNoneMediumMax) {
      scam = candidate;
      break;
    }
  }
  const thresholds = { urgent, urgentCorroborated, scam, benignVeto };
  return { thresholds, report: { ...devFigures(points, thresholds), lexiconOnly } };
}
