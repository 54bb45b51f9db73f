import type { StepOf } from "../flowSchema.js";
import { type Draft, moveTo, type StepOutcome, say } from "../run.js";

export function executeSay(draft: Draft, step: StepOf<"say">): StepOutcome {
  say(draft, step.text);
  return moveTo(draft, step.next);
}
