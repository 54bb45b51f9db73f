import { z } from "zod";
import { foldForMatch, markKey } from "./normalize.js";
import { makeToken, type Token, tokenize } from "./tokenize.js";

/** One shorthand rule from `flows/shorthand.yaml`. */
export const shorthandEntrySchema = z
  .object({
    from: z.array(z.string().min(1)).min(1),
    to: z.string().min(1).optional(),
    afterNumber: z.string().min(1).optional(),
    notAtClauseEnd: z.boolean().optional(),
    notBefore: z.array(z.string().min(1)).optional(),
    /** Keep the word as typed when the previous word is one of these ("đánh răng" is teeth, not "sao"). */
    notAfter: z.array(z.string().min(1)).optional(),
    /**
     * With `notAtClauseEnd`: still expand at the end of a clause when the previous word is one
     * of these verbs, where the letter is the object pronoun ("cứu e", "giúp c").
     */
    pronounAfter: z.array(z.string().min(1)).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((e) => e.to !== undefined || e.afterNumber !== undefined, {
    message: "an entry needs `to`, `afterNumber` or both",
  });

/** The whole shorthand file. */
export const shorthandFileSchema = z.object({ entries: z.array(shorthandEntrySchema) }).strict();

export type ShorthandEntry = z.infer<typeof shorthandEntrySchema>;
export type ShorthandFile = z.infer<typeof shorthandFileSchema>;

/** Shorthand rules indexed by the typed form, ready for `expandShorthand`. */
export type ShorthandTable = ReadonlyMap<string, ShorthandEntry>;

/** Indexes parsed shorthand entries by each `from` form (tone-placement-insensitive). */
export function buildShorthandTable(file: ShorthandFile): ShorthandTable {
  const table = new Map<string, ShorthandEntry>();
  for (const entry of file.entries) for (const form of entry.from) table.set(markKey(form), entry);
  return table;
}

/** Whether `token` is `word` as typed: marks must agree when the writer typed them. */
function isWord(word: string, token: Token): boolean {
  return token.marked ? markKey(word) === token.key : foldForMatch(word) === token.fold;
}

/** Picks the replacement for one token, or undefined to keep it as typed. */
function replacementFor(
  entry: ShorthandEntry,
  previous: Token | undefined,
  next: Token | undefined,
  token: Token,
) {
  if (entry.afterNumber !== undefined && previous?.number !== undefined) return entry.afterNumber;
  const sameClause = (other: Token | undefined): other is Token =>
    other !== undefined && other.clause === token.clause;
  // "a", "e", "c" are pronouns mid-sentence but often the particle "ạ" at the end, except
  // right after a verb that takes a person: "cứu e" is "cứu em".
  if (entry.notAtClauseEnd && !sameClause(next)) {
    const afterVerb = sameClause(previous) && entry.pronounAfter?.some((word) => isWord(word, previous));
    if (!afterVerb) return undefined;
  }
  if (sameClause(next) && entry.notBefore?.some((word) => isWord(word, next))) return undefined;
  if (sameClause(previous) && entry.notAfter?.some((word) => isWord(word, previous))) return undefined;
  return entry.to;
}

/**
 * Replaces shorthand and teencode tokens ("ko", "dc", "xkld", "20tr") with their
 * full words. The result is marked text, as if the writer had typed the full form.
 *
 * @param tokens tokens from `tokenize`
 * @param table rules from `buildShorthandTable`
 */
export function expandShorthand(tokens: readonly Token[], table: ShorthandTable): Token[] {
  const out: Token[] = [];
  tokens.forEach((token, i) => {
    const entry = table.get(token.key);
    const replacement = entry && replacementFor(entry, tokens[i - 1], tokens[i + 1], token);
    if (replacement === undefined) {
      out.push(token);
      return;
    }
    for (const word of tokenize(replacement)) {
      const expanded = makeToken(word.text, token.clause);
      if (token.quoted) expanded.quoted = true;
      out.push(expanded);
    }
  });
  return out;
}

/** Tokenizes and expands shorthand in one call: the form every matcher reads. */
export function prepareTokens(text: string, table: ShorthandTable): Token[] {
  return expandShorthand(tokenize(text), table);
}
