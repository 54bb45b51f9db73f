import { conditionsHold } from "../conditions.js";
import type { StepOf } from "../flowSchema.js";
import { type Draft, moveTo, type StepOutcome } from "../run.js";

export function executeBranch(draft: Draft, step: StepOf<"branch">): StepOutcome {
  const match = step.cases.find((c) => conditionsHold(c.when, draft.state.vars));
  return moveTo(draft, match ? match.next : step.default);
}
