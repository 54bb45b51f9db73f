import type { StepOf } from "../flowSchema.js";
import { type Draft, moveTo, type StepOutcome, say } from "../run.js";

/** Requests a human; the conversation layer puts the chat in the queue. */
export function executeHandoff(draft: Draft, step: StepOf<"handoff">): StepOutcome {
  if (step.text) say(draft, step.text);
  draft.effects.push({ type: "handoff", priority: step.priority, reason: step.reason });
  return moveTo(draft, step.next);
}
