import { z } from "zod";
import { compilePhrases, type PhraseMatch, type PhraseMatcher } from "./phraseMatcher.js";
import type { ShorthandTable } from "./shorthand.js";
import type { Token } from "./tokenize.js";

/** The cue lists of `flows/risk/scope.yaml`: words that change what a matched phrase means. */
export const scopeRulesSchema = z
  .object({
    /** Words that negate a phrase that follows them closely ("không", "chưa", "not"). */
    negators: z.array(z.string().min(1)).min(1),
    /** Forms that look negative but are not ("không chỉ" = not only). */
    notNegators: z.array(z.string().min(1)).default([]),
    /** How many words before a phrase a negator still reaches. */
    negationWindow: z.number().int().min(1).max(6),
    /** Words that negate the phrase right before them ("có bị nhốt đâu"). */
    postNegators: z.array(z.string().min(1)).default([]),
    /** Words that end a negation scope like punctuation does ("nhưng", "vì", "but"). */
    clauseBreakers: z.array(z.string().min(1)).default([]),
    /** Subjects that make a clause about people in general or the news ("nhiều người"). */
    generic: z.array(z.string().min(1)).default([]),
    /** Words that say the writer is in the situation, which cancels `generic` ("ở đây"). */
    here: z.array(z.string().min(1)).default([]),
    /** A yes/no question frame: "có ... không?" asks, it does not report. */
    questionOpeners: z.array(z.string().min(1)).default([]),
    questionClosers: z.array(z.string().min(1)).default([]),
    /** Words that say a danger is over and the person is safe ("đã được đưa về"). */
    resolved: z.array(z.string().min(1)).default([]),
    /** Words that say it is still going on ("vẫn bị", "đang tìm"), which cancel `resolved`. */
    ongoing: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type ScopeRules = z.infer<typeof scopeRulesSchema>;

type Cue =
  | "negator"
  | "notNegator"
  | "postNegator"
  | "breaker"
  | "generic"
  | "here"
  | "opener"
  | "closer"
  | "resolved"
  | "ongoing";

/** How a phrase match reads in its sentence. */
export interface MatchScope {
  /** A negator governs it: "không bị giữ hộ chiếu". */
  negated: boolean;
  /** It is said of people in general or of the news, and nothing places the writer in it. */
  generic: boolean;
  /** It sits inside a yes/no question: "có bị giữ hộ chiếu không?". */
  question: boolean;
}

/** Per-message cue positions computed once, then used for every match. */
export interface ScopeReader {
  scopeOf(match: PhraseMatch<unknown>): MatchScope;
  /**
   * The whole message says the danger is over and the person safe ("năm ngoái chị tôi bị
   * bán qua TQ, năm nay đã được đưa về"), and nothing says it is still going on.
   */
  readonly resolved: boolean;
}

/** Cue rules compiled once per model. */
export interface CompiledScope {
  read(tokens: readonly Token[]): ScopeReader;
}

/**
 * Compiles the cue lists with the phrases' word matching, but without typo tolerance:
 * a cue only ever lowers a risk, so it needs the word itself ("thuyền" is not "truyện").
 */
export function compileScope(rules: ScopeRules, shorthand: ShorthandTable): CompiledScope {
  const entries: { phrase: string; tag: Cue }[] = [];
  const add = (list: string[], tag: Cue) => {
    for (const phrase of list) entries.push({ phrase, tag });
  };
  add(rules.negators, "negator");
  add(rules.notNegators, "notNegator");
  add(rules.postNegators, "postNegator");
  add(rules.clauseBreakers, "breaker");
  add(rules.generic, "generic");
  add(rules.here, "here");
  add(rules.questionOpeners, "opener");
  add(rules.questionClosers, "closer");
  add(rules.resolved, "resolved");
  add(rules.ongoing, "ongoing");
  const cues: PhraseMatcher<Cue> = compilePhrases(entries, shorthand, { typos: false });
  return { read: (tokens) => readCues(tokens, cues.match(tokens), rules.negationWindow) };
}

function readCues(tokens: readonly Token[], found: PhraseMatch<Cue>[], window: number): ScopeReader {
  const at = (cue: Cue) => {
    const marks = new Array<boolean>(tokens.length).fill(false);
    for (const m of found) if (m.tag === cue) for (let i = m.start; i < m.end; i += 1) marks[i] = true;
    return marks;
  };
  const notNegator = at("notNegator");
  const negator = at("negator").map((isNeg, i) => isNeg && !notNegator[i]);
  const breaker = at("breaker");
  const generic = at("generic");
  const opener = at("opener");
  const postStarts = new Set(found.filter((m) => m.tag === "postNegator").map((m) => m.start));
  const closerEnds = new Set(found.filter((m) => m.tag === "closer").map((m) => m.end));
  const writerIsThere = found.some((m) => m.tag === "here");

  /** Token indices before `start`, nearest first, up to a clause boundary. */
  function before(start: number, limit: number): number[] {
    const clause = tokens[start]?.clause;
    const out: number[] = [];
    for (let i = start - 1; i >= 0 && out.length < limit; i -= 1) {
      if (tokens[i]!.clause !== clause || breaker[i]) break;
      out.push(i);
    }
    return out;
  }

  function endsClause(end: number): boolean {
    const last = tokens[end - 1];
    const next = tokens[end];
    return last !== undefined && (next === undefined || next.clause !== last.clause);
  }

  function closesQuestionAfter(match: PhraseMatch<unknown>): boolean {
    const clause = tokens[match.start]?.clause;
    for (let end = match.end + 1; end <= tokens.length && tokens[end - 1]!.clause === clause; end += 1) {
      if (closerEnds.has(end) && endsClause(end)) return true;
    }
    return false;
  }

  return {
    resolved: found.some((m) => m.tag === "resolved") && !found.some((m) => m.tag === "ongoing"),
    scopeOf(match) {
      const near = before(match.start, window);
      const sameClause = before(match.start, tokens.length);
      const sameClauseAfter = tokens[match.end]?.clause === tokens[match.end - 1]?.clause;
      const negated =
        near.some((i) => negator[i]) ||
        match.skipped.some((i) => negator[i]) ||
        (postStarts.has(match.end) && sameClauseAfter);
      return {
        negated,
        generic: !writerIsThere && sameClause.some((i) => generic[i]),
        question: sameClause.some((i) => opener[i]) && closesQuestionAfter(match),
      };
    },
  };
}
