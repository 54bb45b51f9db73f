import { prepareTokens, type ShorthandTable } from "../text/shorthand.js";
import type { Token } from "../text/tokenize.js";

/** Which features the learned classifier reads; stored with its weights so both always agree. */
export interface FeatureConfig {
  /** Character n-gram sizes over the folded text, e.g. [2, 5]. */
  charMin: number;
  charMax: number;
  /** Word n-gram sizes over folded words, e.g. [1, 2]. */
  wordMax: number;
  /**
   * Messages with fewer features are scaled as if they had this many, so a one- or two-word
   * message ("hello", "không biết", "3") cannot reach a confident score on its own.
   */
  minCount: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = { charMin: 2, charMax: 5, wordMax: 2, minCount: 80 };

/** The weight of each present feature: binary features scaled to unit length, short messages damped. */
export function featureScale(count: number, config: Pick<FeatureConfig, "minCount">): number {
  return count === 0 ? 0 : 1 / Math.sqrt(Math.max(count, config.minCount));
}

/**
 * The text the classifier reads: shorthand expanded ("ko dc ve" → "không được về"), then
 * folded (no marks, đ → d, lower case). Clause breaks become " | " so a word n-gram never
 * joins the end of one clause to the start of the next.
 */
export function foldedClauses(text: string, shorthand: ShorthandTable): string[][] {
  return foldedClausesOf(prepareTokens(text, shorthand));
}

/** `foldedClauses` of a message already tokenised by `prepareTokens` (the lexicon's tokens). */
export function foldedClausesOf(tokens: readonly Token[]): string[][] {
  const clauses: string[][] = [];
  let current = -1;
  for (const token of tokens) {
    if (token.clause !== current) {
      clauses.push([]);
      current = token.clause;
    }
    // Numbers are kept as a shape, not a value: "25" and "30" read alike.
    clauses[clauses.length - 1]!.push(token.number !== undefined ? "0" : token.fold);
  }
  return clauses.filter((c) => c.length > 0);
}

/**
 * Sparse binary features of one message: word 1..wordMax-grams within a clause (`w:`),
 * and character charMin..charMax-grams of each clause padded with spaces (`c:`). Character
 * n-grams survive typos, missing marks and run-together words; word n-grams keep phrases.
 * Pure and deterministic.
 *
 * @example featuresOf("ko dc ve", table).has("w:duoc ve") // true
 */
export function featuresOf(
  text: string,
  shorthand: ShorthandTable,
  config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
): Set<string> {
  return featuresOfTokens(prepareTokens(text, shorthand), config);
}

/** `featuresOf` a message already tokenised by `prepareTokens`. */
export function featuresOfTokens(
  tokens: readonly Token[],
  config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
): Set<string> {
  const features = new Set<string>();
  for (const words of foldedClausesOf(tokens)) {
    for (let n = 1; n <= config.wordMax; n++) {
      for (let i = 0; i + n <= words.length; i++) features.add(`w:${words.slice(i, i + n).join(" ")}`);
    }
    const padded = ` ${words.join(" ")} `;
    for (let n = config.charMin; n <= config.charMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        const gram = padded.slice(i, i + n);
        if (gram.trim() !== "") features.add(`c:${gram}`);
      }
    }
  }
  return features;
}
