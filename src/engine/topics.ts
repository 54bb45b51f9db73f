import { compilePhrases, type PhraseMatcher } from "../text/phraseMatcher.js";
import type { ShorthandTable } from "../text/shorthand.js";
import { prepareTokens } from "../text/shorthand.js";
import type { Flow, Intents, Topic } from "./flowSchema.js";
import type { StepAddress } from "./types.js";

// Phrases in flows/ are written in full words and list their teencode forms themselves, so
// the engine needs no file of its own (it does no I/O): no shorthand expansion here.
const NO_SHORTHAND: ShorthandTable = new Map();

const topicMatchers = new WeakMap<Intents, PhraseMatcher<number> | null>();
function topicMatcher(intents: Intents): PhraseMatcher<number> | null {
  let matcher = topicMatchers.get(intents);
  if (matcher === undefined) {
    const topics = intents.topics ?? [];
    matcher =
      topics.length === 0
        ? null
        : compilePhrases(
            topics.flatMap((topic, i) => topic.phrases.map((phrase) => ({ phrase, tag: i }))),
            NO_SHORTHAND,
          );
    topicMatchers.set(intents, matcher);
  }
  return matcher;
}

/**
 * The topic a plain typed question asks about ("vừa trở về được hỗ trợ gì" → support after
 * return), from `topics` in `flows/intents.yaml`. Phrases match as whole words anywhere in the
 * message, with or without marks (typed marks must agree: "bán" is not "bạn"). When several
 * topics match, the one listed first in the file wins, so the narrower topics come first.
 */
export function matchTopic(text: string, intents: Intents): StepAddress | undefined {
  const matcher = topicMatcher(intents);
  if (!matcher) return undefined;
  const matched = matcher.match(prepareTokens(text, NO_SHORTHAND)).map((m) => m.tag);
  if (matched.length === 0) return undefined;
  const topic: Topic = intents.topics![Math.min(...matched)]!;
  return topic.step ? { flow: topic.flow, step: topic.step } : { flow: topic.flow };
}

interface FactTag {
  var: string;
  value: string;
  /** Order of the value under its variable in the flow file: the first listed wins a tie. */
  rank: number;
}

const factMatchers = new WeakMap<Flow, PhraseMatcher<FactTag> | null>();
function factMatcher(flow: Flow): PhraseMatcher<FactTag> | null {
  let matcher = factMatchers.get(flow);
  if (matcher === undefined) {
    const entries = Object.entries(flow.facts ?? {}).flatMap(([name, values]) =>
      Object.entries(values).flatMap(([value, phrases], rank) =>
        phrases.map((phrase) => ({ phrase, tag: { var: name, value, rank } })),
      ),
    );
    matcher = entries.length === 0 ? null : compilePhrases(entries, NO_SHORTHAND);
    factMatchers.set(flow, matcher);
  }
  return matcher;
}

/**
 * The answers a person already gave in their own words, from the flow's `facts`: "Campuchia,
 * lương 30 triệu, không cần hợp đồng" → `{country: "cambodia", pay: "high", papers: "no_contract"}`.
 *
 * A match that lies inside a longer one is dropped, so "không phải đặt cọc" is not read as
 * "đặt cọc". When two values of one variable remain, the one listed first in the flow wins
 * (flows list the riskier value first).
 */
export function factsIn(text: string, flow: Flow): Record<string, string> {
  const matcher = factMatcher(flow);
  if (!matcher) return {};
  const matches = matcher.match(prepareTokens(text, NO_SHORTHAND));
  const kept = matches.filter(
    (m) =>
      !matches.some(
        (other) =>
          other !== m &&
          other.start <= m.start &&
          other.end >= m.end &&
          other.end - other.start > m.end - m.start,
      ),
  );
  const best = new Map<string, FactTag>();
  for (const { tag } of kept) {
    const current = best.get(tag.var);
    if (!current || tag.rank < current.rank) best.set(tag.var, tag);
  }
  return Object.fromEntries([...best].map(([name, tag]) => [name, tag.value]));
}
