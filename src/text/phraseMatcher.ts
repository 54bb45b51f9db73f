import { deletionVariants, withinOneEdit } from "./editDistance.js";
import { MAX_GAP, type PatternElement, parsePhrase } from "./phrasePattern.js";
import type { ShorthandTable } from "./shorthand.js";
import type { Token } from "./tokenize.js";

/** Words at least this long (without marks) tolerate one typo. */
export const MIN_TYPO_LENGTH = 6;

/** A phrase to compile, with whatever tag the caller wants back on a match. */
export interface PhraseEntry<T> {
  phrase: string;
  tag: T;
}

/** Where a phrase matched: tokens `[start, end)`, with the positions a `*` skipped. */
export interface PhraseMatch<T> {
  tag: T;
  phrase: string;
  start: number;
  end: number;
  skipped: number[];
}

interface Compiled<T> {
  entry: PhraseEntry<T>;
  elements: PatternElement[];
}

/** A set of phrases compiled once and matched against many messages. */
export interface PhraseMatcher<T> {
  /** Every place where a phrase matches, at most one match per phrase and start. */
  match(tokens: readonly Token[]): PhraseMatch<T>[];
  readonly size: number;
}

/** How a phrase set compares words (see `wordMatches`). */
export interface MatchOptions {
  /** Long words match with one typo. Off for cue words that only ever lower a risk. */
  typos: boolean;
}

/**
 * Compares one phrase word with one message word. Marks the writer typed are
 * evidence ("bạn" is not "bán"); a word typed without marks may stand for any
 * marked form ("ban" may be "bán"). Long words also match with one typo, and the
 * typo is counted on the marked forms when both words carry marks, so "thuyền"
 * (boat) is not "truyện" (story) although their folds differ by one letter.
 */
export function wordMatches(
  element: { key: string; fold: string; marked?: boolean },
  token: Token,
  options: MatchOptions = { typos: true },
): boolean {
  if (token.key === element.key) return true;
  if (!token.marked && token.fold === element.fold) return true;
  if (!options.typos || element.fold.length < MIN_TYPO_LENGTH || token.fold.length < MIN_TYPO_LENGTH) {
    return false;
  }
  if (token.marked && element.marked) return withinOneEdit(token.key, element.key);
  return withinOneEdit(token.fold, element.fold);
}

function elementMatches(element: PatternElement, token: Token, options: MatchOptions): boolean {
  if (element.kind === "number") {
    return token.number !== undefined && token.number >= element.min && token.number <= element.max;
  }
  return element.kind === "word" && wordMatches(element, token, options);
}

/** Tries to match `elements[e..]` from token `t`; returns the end index or -1. */
function matchFrom(
  elements: PatternElement[],
  e: number,
  tokens: readonly Token[],
  t: number,
  skipped: number[],
  options: MatchOptions,
): number {
  const element = elements[e];
  if (element === undefined) return t;
  if (element.kind === "gap") {
    for (let skip = 0; skip <= MAX_GAP && t + skip <= tokens.length; skip += 1) {
      const trail = [...skipped];
      for (let k = 0; k < skip; k += 1) trail.push(t + k);
      const end = matchFrom(elements, e + 1, tokens, t + skip, trail, options);
      if (end >= 0) {
        skipped.splice(0, skipped.length, ...trail);
        return end;
      }
    }
    return -1;
  }
  const token = tokens[t];
  if (token === undefined || !elementMatches(element, token, options)) return -1;
  return matchFrom(elements, e + 1, tokens, t + 1, skipped, options);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Compiles phrases into a matcher. Phrases are indexed by their first word
 * (and, for long first words, by one-deletion variants) so that matching a
 * 4,000-character message looks at a handful of candidates per word.
 *
 * @throws Error naming the phrase when a phrase cannot be parsed.
 */
export function compilePhrases<T>(
  entries: readonly PhraseEntry<T>[],
  shorthand: ShorthandTable,
  options: MatchOptions = { typos: true },
): PhraseMatcher<T> {
  const byFold = new Map<string, Compiled<T>[]>();
  const byDeletion = new Map<string, Compiled<T>[]>();
  const byNumber: Compiled<T>[] = [];
  for (const entry of entries) {
    const compiled = { entry, elements: parsePhrase(entry.phrase, shorthand) };
    const first = compiled.elements[0]!;
    if (first.kind === "number") byNumber.push(compiled);
    else if (first.kind === "word") {
      pushTo(byFold, first.fold, compiled);
      if (options.typos && first.fold.length >= MIN_TYPO_LENGTH)
        for (const v of deletionVariants(first.fold)) pushTo(byDeletion, v, compiled);
    }
  }

  function candidates(token: Token): Set<Compiled<T>> {
    const found = new Set<Compiled<T>>(byFold.get(token.fold) ?? []);
    if (token.number !== undefined) for (const c of byNumber) found.add(c);
    if (options.typos && token.fold.length >= MIN_TYPO_LENGTH) {
      for (const v of deletionVariants(token.fold)) for (const c of byDeletion.get(v) ?? []) found.add(c);
    }
    return found;
  }

  return {
    size: entries.length,
    match(tokens) {
      const matches: PhraseMatch<T>[] = [];
      tokens.forEach((token, start) => {
        for (const compiled of candidates(token)) {
          const skipped: number[] = [];
          const end = matchFrom(compiled.elements, 0, tokens, start, skipped, options);
          if (end >= 0)
            matches.push({ tag: compiled.entry.tag, phrase: compiled.entry.phrase, start, end, skipped });
        }
      });
      return matches;
    },
  };
}
