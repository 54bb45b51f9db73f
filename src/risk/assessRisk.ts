import type { PhraseMatch } from "../text/phraseMatcher.js";
import { prepareTokens } from "../text/shorthand.js";
import { levelForScore } from "./levels.js";
import type { PhraseTag, RiskModel } from "./model.js";
import type { RiskCategory, RiskIndicatorHit, RiskResult } from "./types.js";

const CATEGORY_ORDER: Record<RiskCategory, number> = { danger: 0, ilo: 1, recruitment: 2 };

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Finds risk indicators in one free-text message and grades it. Pure and fast:
 * the model's phrases are precompiled, so this is a few dictionary look-ups per word.
 *
 * A phrase does not count when it is negated ("không bị giữ hộ chiếu"), said of
 * people in general ("nhiều người bị bán", news), or overlaps an excluded phrase.
 * Inside a yes/no question ("có bị giữ hộ chiếu không?") only danger phrases count,
 * because a frightened question about danger should still reach a person.
 *
 * @param text the user's message as typed
 * @param model from `loadRiskModel` / `defaultRiskModel`
 * @example assessRisk("cứu em với, em bị nhốt", model).level // "urgent"
 */
export function assessRisk(text: string, model: RiskModel): RiskResult {
  const tokens = prepareTokens(text, model.shorthand);
  const scope = model.scope.read(tokens);
  const excluded = model.exclusions.match(tokens);
  const groupsFound = new Map<number, Set<number>>();

  const counts = (match: PhraseMatch<PhraseTag>) => {
    const indicator = model.indicators[match.tag.indicator]!;
    if (excluded.some((x) => x.tag === match.tag.indicator && overlaps(x, match))) return false;
    const where = scope.scopeOf(match);
    if (where.negated || where.generic) return false;
    return !(where.question && indicator.category !== "danger");
  };

  for (const match of model.phrases.match(tokens)) {
    if (!counts(match)) continue;
    const groups = groupsFound.get(match.tag.indicator) ?? new Set<number>();
    groups.add(match.tag.group);
    groupsFound.set(match.tag.indicator, groups);
  }

  // Sorted so the most pressing advice comes first; ties keep the data files' order.
  const found = [...groupsFound.entries()]
    .filter(
      ([index, groups]) =>
        groups.has(0) && model.indicators[index]!.requires.every((_, g) => groups.has(g + 1)),
    )
    .sort(([a], [b]) => a - b)
    .map(([index]) => model.indicators[index]!)
    .sort((a, b) => CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || b.weight - a.weight);

  const score = found.reduce((sum, d) => sum + d.weight, 0);
  const indicators: RiskIndicatorHit[] = found.map(({ id, category, advice }) => ({ id, category, advice }));
  const level = found.some((d) => d.category === "danger")
    ? "urgent"
    : levelForScore(score, model.thresholds);
  return { level, score, indicators };
}
