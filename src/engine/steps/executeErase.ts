import type { StepOf } from "../flowSchema.js";
import { type Draft, type StepOutcome, say } from "../run.js";

/** Asks the conversation layer to erase the person's data; the flow confirms before this step. */
export function executeErase(draft: Draft, step: StepOf<"erase">): StepOutcome {
  if (step.text) say(draft, step.text);
  draft.effects.push({ type: "erase" });
  draft.state.done = true;
  return "stop";
}
