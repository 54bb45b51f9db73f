import { foldForMatch } from "../../text/normalize.js";
import type { Choice, StepOf } from "../flowSchema.js";
import { type Draft, moveTo, render, type StepOutcome, say } from "../run.js";
import type { Button, EngineInput } from "../types.js";

/** Shows the question with its buttons and waits for the answer. */
export function executeAsk(draft: Draft, step: StepOf<"ask">): StepOutcome {
  say(draft, step.text, buttonsFor(draft, step));
  draft.state.awaiting = true;
  return "wait";
}

export function buttonsFor(draft: Draft, step: StepOf<"ask">): Button[] {
  return (step.choices ?? []).map((c) => ({ label: render(draft, c.label), value: c.value }));
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
    const candidates = [render(draft, c.label), ...(c.synonyms ?? [])].map(foldForMatch);
    return candidates.some((cand) => cand === folded);
  });
}

/** Handles the user's answer to the `ask` step the conversation is waiting on. */
export function answerAsk(draft: Draft, step: StepOf<"ask">, input: EngineInput): StepOutcome {
  const choice = findChoice(draft, step, input);
  if (choice) {
    if (step.var) draft.state.vars[step.var] = choice.value;
    return accept(draft, choice.next ?? step.next);
  }
  if (step.freeText && input.type === "text" && input.text.trim() !== "") {
    if (step.var) draft.state.vars[step.var] = input.text.trim();
    return accept(draft, step.next);
  }
  return reask(draft, step, input);
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
