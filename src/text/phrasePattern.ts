import { expandShorthand, type ShorthandTable } from "./shorthand.js";
import { tokenize } from "./tokenize.js";

/** Largest number of words a `*` in a phrase may skip. */
export const MAX_GAP = 3;

/** One element of a compiled phrase. */
export type PatternElement =
  | { kind: "word"; key: string; fold: string; marked: boolean }
  | { kind: "gap" }
  | { kind: "number"; min: number; max: number };

/**
 * Parses a phrase as written in the data files into elements. Words are matched
 * on word boundaries; `*` skips up to three words; `#` is any number, `#12+`
 * a number of at least 12 and `#10-17` a number from 10 to 17. Shorthand in the phrase is expanded like user text,
 * so "ko cho ve" and "không cho về" compile alike.
 *
 * @throws Error when the phrase is empty or starts or ends with `*`.
 */
export function parsePhrase(phrase: string, shorthand: ShorthandTable): PatternElement[] {
  const elements: PatternElement[] = [];
  for (const part of phrase.trim().split(/\s+/)) {
    if (part === "*") {
      elements.push({ kind: "gap" });
      continue;
    }
    const numberPattern = /^#(?:(\d+)\+|(\d+)-(\d+))?$/.exec(part);
    if (numberPattern) {
      const [, atLeast, from, to] = numberPattern;
      const min = Number(atLeast ?? from ?? Number.NEGATIVE_INFINITY);
      const max = to === undefined ? Number.POSITIVE_INFINITY : Number(to);
      elements.push({ kind: "number", min, max });
      continue;
    }
    if (part.startsWith("#")) throw new Error(`phrase "${phrase}": "${part}" is not #, #N+ or #N-M`);
    for (const token of expandShorthand(tokenize(part), shorthand)) {
      elements.push({ kind: "word", key: token.key, fold: token.fold, marked: token.marked });
    }
  }
  const first = elements[0];
  const last = elements[elements.length - 1];
  if (!first || !last) throw new Error(`phrase "${phrase}" has no words`);
  if (first.kind === "gap" || last.kind === "gap")
    throw new Error(`phrase "${phrase}" must not start or end with *`);
  return elements;
}
