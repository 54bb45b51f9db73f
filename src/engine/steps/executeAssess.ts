import { conditionsHold } from "../conditions.js";
import type { StepOf } from "../flowSchema.js";
import { packLines } from "../packLines.js";
import { type Draft, moveTo, render, type StepOutcome, say } from "../run.js";
import type { RiskLevel } from "../types.js";

/**
 * Scores the answers a flow collected: any matching `urgent` item makes the level `urgent`,
 * otherwise the summed weights meet the thresholds. Says the level's text and one line per
 * matching item, stores the level (and score), and reports a risk effect for the counselor.
 */
export function executeAssess(draft: Draft, step: StepOf<"assess">): StepOutcome {
  const vars = draft.state.vars;
  const matched = step.items.filter((item) => conditionsHold(item.when, vars));
  const score = matched.reduce((sum, item) => sum + item.weight, 0);
  const level = levelOf(
    score,
    step.thresholds,
    matched.some((item) => item.urgent),
  );

  vars[step.set] = level;
  if (step.score) vars[step.score] = score;
  const levelText = step.levels?.[level];
  if (levelText) say(draft, levelText);

  const said = matched.filter((item) => item.text);
  // The heaviest signs first when only some are shown; order of the flow otherwise (sort is stable).
  const shown = step.maxLines ? [...said].sort((a, b) => b.weight - a.weight).slice(0, step.maxLines) : said;
  const lines = shown.map((item) => `• ${render(draft, item.text!)}`);
  if (lines.length > 0) {
    const all = step.heading ? [render(draft, step.heading), ...lines] : lines;
    for (const text of packLines(all)) draft.outputs.push({ text });
  }

  if (level !== "none") {
    const indicators = [...new Set(matched.flatMap((item) => (item.indicator ? [item.indicator] : [])))];
    draft.effects.push({ type: "risk", level, indicators });
  }
  draft.effects.push({ type: "screened", flow: draft.state.flow, level });
  return moveTo(draft, step.next);
}

/** The level for a score; `urgent` only comes from a matching urgent item. */
export function levelOf(
  score: number,
  thresholds: StepOf<"assess">["thresholds"],
  urgent: boolean,
): RiskLevel {
  if (urgent) return "urgent";
  if (score >= thresholds.high) return "high";
  if (score >= thresholds.medium) return "medium";
  if (score >= thresholds.low) return "low";
  return "none";
}
