import type { StepOf } from "../flowSchema.js";
import { type Draft, type StepOutcome, say } from "../run.js";

export function executeEnd(draft: Draft, step: StepOf<"end">): StepOutcome {
  if (step.text) say(draft, step.text);
  draft.state.done = true;
  return "stop";
}
