import { foldForMatch } from "../../text/normalize.js";
import type { Choice, StepOf } from "../flowSchema.js";
import { type Draft, flowOf, jumpTo, moveTo, render, type StepOutcome, say } from "../run.js";
import { factsIn, matchTopic } from "../topics.js";
import type { Button, EngineInput } from "../types.js";

/**
 * Shows the question with its buttons and waits for the answer; skips it when the person
 * already answered it in their own words (`skipIfKnown`).
 */
export function executeAsk(draft: Draft, step: StepOf<"ask">): StepOutcome {
  const known = knownAnswer(draft, step);
  if (known !== undefined)
    return moveTo(draft, step.choices?.find((c) => c.value === known)?.next ?? step.next);
  say(draft, step.text, buttonsFor(draft, step));
  draft.state.awaiting = true;
  return "wait";
}

function knownAnswer(draft: Draft, step: StepOf<"ask">): string | undefined {
  if (!step.skipIfKnown || !step.var) return undefined;
  const value = draft.state.vars[step.var];
  return typeof value === "string" && (step.choices ?? []).some((c) => c.value === value) ? value : undefined;
}

export function buttonsFor(draft: Draft, step: StepOf<"ask">): Button[] {
  return (step.choices ?? []).map((c) => ({ label: render(draft, c.label), value: c.value }));
}

/**
 * Option labels and synonyms folded for matching, kept: they come from the flows (a label may
 * hold a variable, so the memo is bounded) and every typed answer is compared with all of them.
 */
const foldedCandidates = new Map<string, string>();
const FOLDED_CANDIDATES_LIMIT = 10_000;

function foldCandidate(text: string): string {
  let folded = foldedCandidates.get(text);
  if (folded === undefined) {
    if (foldedCandidates.size >= FOLDED_CANDIDATES_LIMIT) foldedCandidates.clear();
    folded = foldForMatch(text);
    foldedCandidates.set(text, folded);
  }
  return folded;
}

/**
 * Finds the choice an answer selects: a button value, the option's number ("2"),
 * its label typed with or without marks, or one of its synonyms.
 */
export function findChoice(draft: Draft, step: StepOf<"ask">, input: EngineInput): Choice | undefined {
  const choices = step.choices ?? [];
  if (input.type === "choice") return choices.find((c) => c.value === input.value);
  if (input.type !== "text") return undefined;
  const folded = foldForMatch(input.text);
  if (folded === "") return undefined;
  const number = /^(\d{1,2})$/.exec(folded);
  if (number) return choices[Number(number[1]) - 1];
  return choices.find((c) => {
    if (foldCandidate(render(draft, c.label)) === folded) return true;
    return (c.synonyms ?? []).some((synonym) => foldCandidate(synonym) === folded);
  });
}

/** Handles the user's answer to the `ask` step the conversation is waiting on. */
export function answerAsk(draft: Draft, step: StepOf<"ask">, input: EngineInput): StepOutcome {
  const choice = findChoice(draft, step, input);
  if (choice) {
    if (step.var) draft.state.vars[step.var] = choice.value;
    return accept(draft, choice.next ?? step.next);
  }
  // Emoji alone are a feeling, not an answer ("😢" is no province): they get the kind reply below.
  if (step.freeText && input.type === "text" && input.text.trim() !== "" && !isOnlyEmoji(input.text)) {
    if (step.var) draft.state.vars[step.var] = input.text.trim();
    return accept(draft, step.next);
  }
  if (input.type === "text") {
    const told = answerInOwnWords(draft, step, input.text);
    if (told) return told;
  }
  return reask(draft, step, input);
}

/**
 * Free text that is none of the options: the answers it gives to this flow's questions are
 * kept (see `answerFromFacts`); a plain question about another topic ("số đường dây nóng")
 * opens that topic.
 */
export function answerInOwnWords(draft: Draft, step: StepOf<"ask">, text: string): StepOutcome | undefined {
  const told = answerFromFacts(draft, step, text);
  if (told) return told;
  const topic = matchTopic(text, draft.ctx.intents);
  // Asking about the flow one is already in does not start it over.
  if (topic && !(topic.flow === draft.state.flow && topic.step === undefined)) {
    jumpTo(draft, topic);
    return "continue";
  }
  return undefined;
}

/**
 * Keeps the answers a message gives in the person's own words (the flow's `facts`): when this
 * question is among them the flow moves on (and skips the others already answered); when only
 * others are, the person is thanked and this question is asked again. Undefined when the
 * message answers nothing.
 */
export function answerFromFacts(draft: Draft, step: StepOf<"ask">, text: string): StepOutcome | undefined {
  const facts = factsIn(text, flowOf(draft, draft.state.flow));
  if (Object.keys(facts).length === 0) return undefined;
  Object.assign(draft.state.vars, facts);
  const answered = step.var ? facts[step.var] : undefined;
  if (answered !== undefined)
    return accept(draft, step.choices?.find((c) => c.value === answered)?.next ?? step.next);
  say(draft, "common:noted_facts");
  say(draft, lastText(step), buttonsFor(draft, step));
  draft.state.awaiting = true;
  return "wait";
}

/** Whether a typed message answers this question in the person's own words. */
export function answersInOwnWords(draft: Draft, step: StepOf<"ask">, text: string): boolean {
  return step.var !== undefined && factsIn(text, flowOf(draft, draft.state.flow))[step.var] !== undefined;
}

function lastText(step: StepOf<"ask">): string {
  const keys = Array.isArray(step.text) ? step.text : [step.text];
  return keys[keys.length - 1]!;
}

function accept(draft: Draft, next: string | undefined): StepOutcome {
  draft.state.awaiting = false;
  draft.state.retries = 0;
  return moveTo(draft, next);
}

/** Not understood: say so kindly and show the same question and options again. */
export function reask(draft: Draft, step: StepOf<"ask">, input: EngineInput): StepOutcome {
  draft.state.retries += 1;
  const hint =
    input.type === "media"
      ? "common:media_unsupported"
      : input.type === "text" && isOnlyEmoji(input.text)
        ? "common:emoji_reply"
        : (step.retry ?? (step.choices ? "common:retry_choice" : "common:retry_text"));
  say(draft, hint);
  if (draft.state.retries >= 2) say(draft, "common:retry_help");
  const keys = Array.isArray(step.text) ? step.text : [step.text];
  say(draft, keys[keys.length - 1] ?? keys[0]!, buttonsFor(draft, step));
  draft.state.awaiting = true;
  return "wait";
}

/** A message of emoji (and spaces) only: answered kindly rather than with "I did not understand". */
export function isOnlyEmoji(text: string): boolean {
  return /\p{Extended_Pictographic}/u.test(text) && !/[\p{L}\p{N}]/u.test(text);
}
