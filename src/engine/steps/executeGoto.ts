import type { StepOf } from "../flowSchema.js";
import { type Draft, jumpTo, type StepOutcome } from "../run.js";

export function executeGoto(draft: Draft, step: StepOf<"goto">): StepOutcome {
  jumpTo(draft, step.step ? { flow: step.flow, step: step.step } : { flow: step.flow });
  return "continue";
}
