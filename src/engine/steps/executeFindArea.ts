import { findArea } from "../directory.js";
import type { StepOf } from "../flowSchema.js";
import { type Draft, moveTo, type StepOutcome } from "../run.js";

/** Looks up the province named in a variable; stores its id and goes to `found`, else `notFound`. */
export function executeFindArea(draft: Draft, step: StepOf<"find_area">): StepOutcome {
  const typed = draft.state.vars[step.var];
  const area = typeof typed === "string" ? findArea(draft.ctx.directory, typed) : undefined;
  if (!area) {
    delete draft.state.vars[step.set];
    return moveTo(draft, step.notFound);
  }
  draft.state.vars[step.set] = area.id;
  return moveTo(draft, step.found);
}
