import type { Token } from "../text/tokenize.js";
import { type FeatureConfig, foldedClausesOf } from "./features.js";
import { IntMap, IntSet } from "./intTables.js";

/**
 * The classifier's features laid out so a message can be scored without building the string of
 * each of its features: a chat message has a few hundred character n-grams, and making,
 * hashing and collecting a string for each was most of the classifier's time and garbage.
 * Character n-grams over `[ a-z0-9]` are looked up by a number (see `gramCode`); the others,
 * and word n-grams, by their text as in `featuresOf` without the `c:`/`w:` prefix.
 */
export interface FeatureIndex {
  /** Feature i's weights for urgent, scam and none at 3i, 3i + 1, 3i + 2. */
  readonly weights: Float64Array;
  /** `w:` features by their words joined with spaces. */
  readonly words: ReadonlyMap<string, number>;
  /** `c:` features whose characters all have a code, by `gramCode`. */
  readonly charCodes: IntMap;
  /** The other `c:` features, by their text. */
  readonly charTexts: ReadonlyMap<string, number>;
}

/** Code of each ASCII character a folded clause is mostly made of (0: none, use the text). */
const CHAR_CODE = new Uint8Array(128);
CHAR_CODE[32] = 1;
for (let c = 97; c <= 122; c++) CHAR_CODE[c] = c - 95; // a-z → 2..27
for (let c = 48; c <= 57; c++) CHAR_CODE[c] = c - 20; // 0-9 → 28..37
const BASE = 38;

/**
 * A number standing for `text.slice(start, end)` when every character has a code: the codes as
 * digits in base 38. No code is 0, so different grams (of any length) get different numbers;
 * five characters stay below 38⁵ ≈ 7.9e7, a small integer. -1 when a character has no code.
 */
function gramCode(text: string, start: number, end: number): number {
  let code = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const digit = c < 128 ? CHAR_CODE[c]! : 0;
    if (digit === 0) return -1;
    code = code * BASE + digit;
  }
  return code;
}

/** Lays out `weights` (feature → [urgent, scam, none], as in `classifier.json`) for `presentFeatures`. */
export function buildFeatureIndex(weights: Readonly<Record<string, readonly number[]>>): FeatureIndex {
  const entries = Object.entries(weights);
  const flat = new Float64Array(entries.length * 3);
  const words = new Map<string, number>();
  const charCodes = new Map<number, number>();
  const charTexts = new Map<string, number>();
  entries.forEach(([feature, w], id) => {
    flat[id * 3] = w[0]!;
    flat[id * 3 + 1] = w[1]!;
    flat[id * 3 + 2] = w[2]!;
    const gram = feature.slice(2);
    if (feature.startsWith("w:")) words.set(gram, id);
    else if (feature.startsWith("c:")) {
      const code = gramCode(gram, 0, gram.length);
      if (code >= 0) charCodes.set(code, id);
      else charTexts.set(gram, id);
    }
  });
  return { weights: flat, words, charCodes: new IntMap(charCodes), charTexts };
}

/** The character n-gram codes seen in the message being read; reused, `presentFeatures` runs to the end at once. */
const SEEN_CODES = new IntSet();

/** What `presentFeatures` finds in a message. */
export interface PresentFeatures {
  /** How many distinct features the message has: `featuresOf(...).size`. */
  count: number;
  /** The index's ids of the features it has, in the order `featuresOf` first adds them. */
  ids: number[];
}

/**
 * The features of a tokenised message that the index holds, and how many it has in all: the
 * same walk as `featuresOfTokens` (same features, same first-seen order, so sums over them are
 * the same to the last bit), without a string per character n-gram.
 */
export function presentFeatures(
  index: FeatureIndex,
  tokens: readonly Token[],
  config: FeatureConfig,
): PresentFeatures {
  const seenWords = new Set<string>();
  const seenCodes = SEEN_CODES;
  seenCodes.clear();
  const seenTexts = new Set<string>();
  const ids: number[] = [];
  for (const words of foldedClausesOf(tokens)) {
    for (let n = 1; n <= config.wordMax; n++) {
      for (let i = 0; i + n <= words.length; i++) {
        const gram = n === 1 ? words[i]! : words.slice(i, i + n).join(" ");
        if (seenWords.has(gram)) continue;
        seenWords.add(gram);
        const id = index.words.get(gram);
        if (id !== undefined) ids.push(id);
      }
    }
    const padded = ` ${words.join(" ")} `;
    for (let n = config.charMin; n <= config.charMax; n++) {
      const blank = blankCode(n);
      for (let i = 0; i + n <= padded.length; i++) {
        const code = gramCode(padded, i, i + n);
        let id: number | undefined;
        if (code >= 0) {
          // Only spaces: `featuresOf` skips a gram that trims to nothing.
          if (code === blank || !seenCodes.add(code)) continue;
          const known = index.charCodes.get(code);
          if (known >= 0) id = known;
        } else {
          const gram = padded.slice(i, i + n);
          if (gram.trim() === "" || seenTexts.has(gram)) continue;
          seenTexts.add(gram);
          id = index.charTexts.get(gram);
        }
        if (id !== undefined) ids.push(id);
      }
    }
  }
  return { count: seenWords.size + seenCodes.size + seenTexts.size, ids };
}

/** `gramCode` of n spaces. */
function blankCode(n: number): number {
  let code = 0;
  for (let i = 0; i < n; i++) code = code * BASE + CHAR_CODE[32]!;
  return code;
}
