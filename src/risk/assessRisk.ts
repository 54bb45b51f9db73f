import type { PhraseMatch } from "../text/phraseMatcher.js";
import type { ScopeReader } from "../text/scope.js";
import { prepareTokens } from "../text/shorthand.js";
import type { Token } from "../text/tokenize.js";
import { cuesOf, type MessageCues } from "./cues.js";
import { featuresOfTokens } from "./features.js";
import { compareRiskLevels, levelForScore } from "./levels.js";
import { type ClassifierFile, type ClassProbabilities, probabilitiesOfTokens } from "./linearClassifier.js";
import type { PhraseTag, RiskModel } from "./model.js";
import type { RiskCategory, RiskIndicatorHit, RiskLevel, RiskResult } from "./types.js";

const CATEGORY_ORDER: Record<RiskCategory, number> = { danger: 0, ilo: 1, recruitment: 2 };

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The lexicon alone: finds risk indicators in one free-text message and grades it. Pure and fast:
 * the model's phrases are precompiled, so this is a few dictionary look-ups per word.
 *
 * A phrase does not count when it is negated ("không bị giữ hộ chiếu"), said of
 * people in general ("nhiều người bị bán", news), or overlaps an excluded phrase.
 * Inside a yes/no question ("có bị giữ hộ chiếu không?") only danger phrases count,
 * because a frightened question about danger should still reach a person.
 *
 * @param text the user's message as typed
 * @param model from `loadRiskModel` / `defaultRiskModel`
 * @example matchLexicon("cứu em với, em bị nhốt", model).level // "urgent"
 */
export function matchLexicon(text: string, model: RiskModel): RiskResult {
  return readLexicon(text, model).result;
}

/** The lexicon's result, the message's scope reader and its tokens (for the classifier), from one tokenisation. */
function readLexicon(
  text: string,
  model: RiskModel,
): { result: RiskResult; scope: ScopeReader; tokens: readonly Token[] } {
  const tokens = prepareTokens(text, model.shorthand);
  const scope = model.scope.read(tokens);
  const excluded = model.exclusions.match(tokens);
  const groupsFound = new Map<number, Set<number>>();

  const counts = (match: PhraseMatch<PhraseTag>) => {
    const indicator = model.indicators[match.tag.indicator]!;
    if (excluded.some((x) => x.tag === match.tag.indicator && overlaps(x, match))) return false;
    // Scare quotes and titles: "bị vợ 'nhốt' ở nhà" is a joke, not a report.
    if (tokens.slice(match.start, match.end).some((t) => t.quoted)) return false;
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
  return { result: { level, score, indicators }, scope, tokens };
}

/** Indicator shown when the learned model recognised danger that no lexicon phrase named. */
export const WHOLE_MESSAGE_DANGER: RiskIndicatorHit = {
  id: "whole_message",
  category: "danger",
  advice: "risk:advice.whole_message",
};

/** Indicator shown when the learned model recognised a risky offer that no phrase named. */
export const WHOLE_MESSAGE_OFFER: RiskIndicatorHit = {
  id: "whole_message_offer",
  category: "recruitment",
  advice: "risk:advice.whole_message_offer",
};

/** The lexicon indicators whose example messages look most like `features` (cosine of binary sets). */
function closestIndicators(
  features: ReadonlySet<string>,
  model: RiskModel,
  categories: readonly RiskCategory[],
  already: ReadonlySet<string>,
): RiskIndicatorHit[] {
  const best = new Map<string, number>();
  for (const prototype of model.prototypes) {
    const indicator = model.indicators[prototype.indicator]!;
    if (!categories.includes(indicator.category) || already.has(indicator.id)) continue;
    let shared = 0;
    for (const f of prototype.features) if (features.has(f)) shared += 1;
    const similarity = shared / Math.sqrt(prototype.features.size * features.size || 1);
    if (similarity > (best.get(indicator.id) ?? 0)) best.set(indicator.id, similarity);
  }
  return [...best.entries()]
    .filter(([, similarity]) => similarity >= 0.2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([id]) => {
      const { category, advice } = model.indicators.find((i) => i.id === id)!;
      return { id, category, advice };
    });
}

/**
 * Grades one free-text message with both parts of the risk model (docs/risk.md):
 *
 * - the **lexicon** names *why* (indicators, advice, the counselor's explanation);
 * - the **learned classifier** guards recall on wording the lexicon has never seen: when it
 *   is confident of danger the message is `urgent` even if no phrase fired (the first
 *   indicator is then `whole_message`, followed by the closest lexicon indicators), and a
 *   confident risky offer is at least `medium`;
 * - a lexicon `high` (no danger phrase) that the classifier is very sure is benign is lowered
 *   to `medium`: advice, no queue. A danger phrase is lowered only when the classifier is near
 *   certain it is benign, or the writer is laughing or says it is over (and safe) and the
 *   classifier sees no danger.
 *
 * Thresholds come with the weights in `flows/risk/classifier.json`, chosen on the dev split.
 *
 * @example assessRisk("cứu em với, em bị nhốt", model).level // "urgent"
 */
export function assessRisk(text: string, model: RiskModel): RiskResult {
  const { result: lexicon, scope, tokens } = readLexicon(text, model);
  const classifier = model.classifier;
  if (!classifier) return lexicon;
  const p = probabilitiesOfTokens(classifier, tokens);
  // The feature strings only when naming the closest indicators needs them.
  const features = () => featuresOfTokens(tokens, classifier.file.features);
  return combine(lexicon, p, features, model, { ...cuesOf(text), resolved: scope.resolved });
}

/** The message-level cues: laughter (from the raw text) and "it is over" (from the scope words). */
export function messageCues(text: string, model: Pick<RiskModel, "shorthand" | "scope">): MessageCues {
  const resolved = model.scope.read(prepareTokens(text, model.shorthand)).resolved;
  return { ...cuesOf(text), resolved };
}

/**
 * How sure the classifier must be before it lowers a lexicon `urgent`: P(none) at least this,
 * P(urgent) at most this. Set as policy, not tuned: on unseen messages, lowering danger phrases
 * at the dev-chosen veto cost real urgent messages.
 */
export const DANGER_VETO = { none: 0.85, urgentMax: 0.15 } as const;

/**
 * When the writer laughs or says the danger is over, the classifier alone needs at least this
 * P(urgent) to call a message urgent that no danger phrase named. Policy, not tuned.
 */
export const CUED_MODEL_URGENT = 0.8;

/** How the two parts settled a message's level. */
export type Decision = "lexicon" | "lowered" | "model_urgent" | "model_offer";

/** The thresholds `decideLevel` applies (stored in `flows/risk/classifier.json`). */
export type ClassifierThresholds = ClassifierFile["thresholds"];

/**
 * The level from the lexicon's result and the classifier's probabilities. Pure, and the one
 * place the rule lives: `assessRisk` uses it, and `risk:train` uses it to choose thresholds.
 */
export function decideLevel(
  lexicon: Pick<RiskResult, "level" | "indicators">,
  p: ClassProbabilities,
  t: ClassifierThresholds,
  cues: MessageCues = { laughing: false },
): { level: RiskLevel; decision: Decision } {
  if (lexicon.level === "urgent") {
    // A danger phrase is overruled only when the classifier is near certain the message is
    // benign, or the writer is laughing and the classifier sees no danger: a missed danger
    // costs more than a false alarm.
    // The policy bar alone: the dev-chosen veto (for lexicon `high`) must not make it stricter,
    // or a larger dev set, where some danger phrase always meets a confident "benign", would
    // switch the veto off and let homework "cứu" and a cat that "nhốt" the door through.
    const nearCertain = p.none >= DANGER_VETO.none && p.urgent <= DANGER_VETO.urgentMax;
    const joking = cues.laughing && p.none >= t.benignVeto && p.urgent < t.urgent;
    // "It happened, and she is home now": advice and numbers, not the queue, unless the
    // classifier itself sees danger.
    const over = cues.resolved === true && p.urgent < t.urgent;
    if (nearCertain || joking || over) return { level: "medium", decision: "lowered" };
    return { level: "urgent", decision: "lexicon" };
  }
  if (lexicon.level === "high" && p.none >= t.benignVeto && p.urgent < 1 - t.benignVeto) {
    return { level: "medium", decision: "lowered" };
  }
  const corroborated = compareRiskLevels(lexicon.level, "medium") >= 0;
  const base = corroborated ? Math.min(t.urgent, t.urgentCorroborated ?? t.urgent) : t.urgent;
  const cued = cues.laughing || cues.resolved === true;
  if (p.urgent >= (cued ? Math.max(base, CUED_MODEL_URGENT) : base)) {
    return { level: "urgent", decision: "model_urgent" };
  }
  if (compareRiskLevels(lexicon.level, "medium") < 0 && p.scam >= t.scam) {
    return { level: "medium", decision: "model_offer" };
  }
  return { level: lexicon.level, decision: "lexicon" };
}

function combine(
  lexicon: RiskResult,
  p: ClassProbabilities,
  features: () => ReadonlySet<string>,
  model: RiskModel,
  cues: MessageCues,
): RiskResult {
  const { level, decision } = decideLevel(lexicon, p, model.classifier!.file.thresholds, cues);
  const found = new Set(lexicon.indicators.map((i) => i.id));
  let indicators = lexicon.indicators;
  if (decision === "model_urgent") {
    indicators = [
      WHOLE_MESSAGE_DANGER,
      ...closestIndicators(features(), model, ["danger", "ilo"], found),
      ...indicators,
    ];
  } else if (decision === "model_offer") {
    indicators = [
      ...indicators,
      WHOLE_MESSAGE_OFFER,
      ...closestIndicators(features(), model, ["recruitment"], found),
    ];
  }
  return { level, score: lexicon.score, indicators, probabilities: p };
}
