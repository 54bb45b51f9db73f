import { precomposedWordForms } from "./letterForms.js";
import { foldForMatch, markKey } from "./normalize.js";

/** One word or number of a message, in the forms the matcher compares. */
export interface Token {
  /** Lower-cased NFC text as typed (after shorthand expansion). */
  text: string;
  /** Tone-placement-insensitive key with marks (see `markKey`). */
  key: string;
  /** Marks stripped, `đ` → `d` (see `foldForMatch`). */
  fold: string;
  /** Whether the word was typed with marks: marks are evidence, their absence is not. */
  marked: boolean;
  /** Index of the clause the token sits in; punctuation starts a new clause. */
  clause: number;
  /** Numeric value when the token is a number ("10,000", "1.200", "3,5"). */
  number?: number;
  /** The word sits in a short quotation of one or two words: scare quotes ("bị vợ 'nhốt'"), a title. */
  quoted?: boolean;
}

// A number (with thousands or decimal separators), a word (apostrophes kept so
// "didn't" stays one token), a currency sign, or clause punctuation. Letters and
// digits fall into separate tokens, so "20tr" reads as "20" + "tr".
const PIECE = /\p{N}+(?:[.,]\p{N}+)*|\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*|\p{Sc}|[.,;:!?…\n()]/gu;
const CLAUSE_BREAK = /^[.,;:!?…\n()]$/u;

/** Parses "10,000", "1.200" (thousands) and "3,5" (decimal comma). */
export function parseNumber(raw: string): number {
  const parts = raw.split(/[.,]/);
  if (parts.length === 1) return Number(raw);
  const tail = parts.slice(1);
  if (tail.every((p) => p.length === 3)) return Number(parts.join(""));
  const separator = raw[parts[0]!.length];
  const [whole, ...rest] = raw.split(separator!);
  return Number(`${whole}.${rest.join("")}`);
}

// A word of plain ASCII letters, or plain digits: most of what people type without marks.
const PLAIN_WORD = /^[A-Za-z]+$/;
const PLAIN_DIGITS = /^[0-9]+$/;

/** Builds a token for one word in a given clause. */
export function makeToken(raw: string, clause: number): Token {
  // Plain letters or digits have nothing to compose, fold or key: every form is the word in
  // lower case (what the general path below gives for them, without its Unicode passes).
  if (PLAIN_WORD.test(raw)) {
    const text = raw.toLowerCase().replace(/([a-z])\1{2,}/g, "$1");
    return { text, key: text, fold: text, marked: false, clause };
  }
  if (PLAIN_DIGITS.test(raw)) {
    return { text: raw, key: raw, fold: raw, marked: false, clause, number: parseNumber(raw) };
  }
  // Letters typed three or more times stand for one: "helppp", "cứuuu" (no Vietnamese word has a triple letter).
  const text = raw
    .normalize("NFC")
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/(\p{L})\1{2,}/gu, "$1");
  // A word of precomposed letters (most words typed with marks): its forms letter by letter.
  const precomposed = precomposedWordForms(text);
  if (precomposed !== undefined) {
    return { text, key: precomposed.key, fold: precomposed.fold, marked: precomposed.fold !== text, clause };
  }
  // `hasMarks(text)`, with the fold computed once.
  const fold = foldForMatch(text);
  const token: Token = {
    text,
    key: markKey(text),
    fold: fold || text,
    marked: fold !== text.normalize("NFC").toLowerCase(),
    clause,
  };
  if (/^\p{N}/u.test(text)) token.number = parseNumber(text);
  return token;
}

/**
 * Splits text into word, number and currency tokens on word boundaries, and
 * records clause numbers from punctuation so negation never reaches across a comma.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  const normalized = text.normalize("NFC");
  const quoted = shortQuotations(normalized);
  for (const match of normalized.matchAll(PIECE)) {
    const piece = match[0];
    if (CLAUSE_BREAK.test(piece)) {
      clause += 1;
      continue;
    }
    const token = makeToken(piece, clause);
    if (quoted.some(([start, end]) => match.index >= start && match.index < end)) token.quoted = true;
    tokens.push(token);
  }
  return tokens;
}

// One or two words between matching quotation marks: 'nhốt', "locked", “giam giữ”.
const SHORT_QUOTE =
  /(?<![\p{L}\p{N}])(['"“‘])\s*[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+)?\s*(['"”’])(?![\p{L}\p{N}])/gu;
const CLOSING: Record<string, string> = { "'": "'’", '"': '"”', "“": '”"', "‘": "’'" };

/** Character ranges of short quotations, whose words are figurative or a title, not a report. */
function shortQuotations(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(SHORT_QUOTE)) {
    if (CLOSING[match[1]!]?.includes(match[2]!)) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}
