import { compilePhrases, type PhraseEntry, type PhraseMatcher } from "../text/phraseMatcher.js";
import { type CompiledScope, compileScope } from "../text/scope.js";
import type { ShorthandTable } from "../text/shorthand.js";
import { featuresOf } from "./features.js";
import { buildClassifier, type ClassifierFile, type LinearClassifier } from "./linearClassifier.js";
import type { IndicatorDefinition, LevelThresholds, PhraseLists, RiskModelData } from "./schema.js";

/** Which indicator a phrase belongs to; group 0 is `phrases`, 1.. are `requires` groups. */
export interface PhraseTag {
  indicator: number;
  group: number;
}

/** A risk model compiled once and used for every message. Build with `buildRiskModel`. */
export interface RiskModel {
  readonly indicators: readonly IndicatorDefinition[];
  readonly thresholds: LevelThresholds;
  readonly shorthand: ShorthandTable;
  readonly phrases: PhraseMatcher<PhraseTag>;
  readonly exclusions: PhraseMatcher<number>;
  readonly scope: CompiledScope;
  /** The learned classifier (`flows/risk/classifier.json`); without it only the lexicon grades. */
  readonly classifier?: LinearClassifier;
  /** Features of every indicator's example messages, to name the closest indicators. */
  readonly prototypes: readonly { indicator: number; features: ReadonlySet<string> }[];
}

function allPhrases(lists: PhraseLists): string[] {
  return [...new Set([...lists.vi, ...lists.vi_plain, ...lists.en])];
}

/**
 * Compiles parsed data into a model: every phrase is parsed and indexed here,
 * so `assessRisk` only looks words up.
 *
 * @throws Error naming the indicator when an id repeats or a phrase cannot be parsed.
 */
export function buildRiskModel(
  data: RiskModelData,
  shorthand: ShorthandTable,
  classifierFile?: ClassifierFile,
): RiskModel {
  const phraseEntries: PhraseEntry<PhraseTag>[] = [];
  const exclusionEntries: PhraseEntry<number>[] = [];
  const seen = new Set<string>();
  data.indicators.forEach((indicator, index) => {
    if (seen.has(indicator.id)) throw new Error(`indicator ${indicator.id}: id used twice`);
    seen.add(indicator.id);
    const groups = [indicator.phrases, ...indicator.requires];
    groups.forEach((lists, group) => {
      for (const phrase of allPhrases(lists))
        phraseEntries.push({ phrase, tag: { indicator: index, group } });
    });
    for (const phrase of indicator.exclude ? allPhrases(indicator.exclude) : []) {
      exclusionEntries.push({ phrase, tag: index });
    }
  });
  const compile = <T>(entries: PhraseEntry<T>[]) => {
    try {
      return compilePhrases(entries, shorthand);
    } catch (error) {
      const bad = entries.find((e) => {
        try {
          compilePhrases([e], shorthand);
          return false;
        } catch {
          return true;
        }
      });
      const owner = bad && typeof bad.tag === "object" ? (bad.tag as PhraseTag).indicator : bad?.tag;
      const id = typeof owner === "number" ? data.indicators[owner]?.id : undefined;
      throw new Error(`indicator ${id ?? "?"}: ${(error as Error).message}`);
    }
  };
  return {
    indicators: data.indicators,
    thresholds: data.thresholds,
    shorthand,
    phrases: compile(phraseEntries),
    exclusions: compile(exclusionEntries),
    scope: compileScope(data.scope, shorthand),
    ...(classifierFile ? { classifier: buildClassifier(classifierFile) } : {}),
    prototypes: data.indicators.flatMap((indicator, index) =>
      indicator.examples.map((example) => ({
        indicator: index,
        features: featuresOf(example, shorthand, classifierFile?.features),
      })),
    ),
  };
}
