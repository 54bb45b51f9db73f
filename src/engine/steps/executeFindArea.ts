import { findPlace } from "../directory.js";
import type { StepOf } from "../flowSchema.js";
import { type Draft, moveTo, type StepOutcome } from "../run.js";

/**
 * Looks up the province named in a variable; stores its id in `set` and goes to `found`, else
 * `notFound`. When an old (pre-2025) province name was typed, `<set>_former` holds that name
 * and `<set>_full` the new unit's full name in the conversation's language, so the flow can say
 * "Hải Dương nay thuộc thành phố Hải Phòng".
 */
export function executeFindArea(draft: Draft, step: StepOf<"find_area">): StepOutcome {
  const typed = draft.state.vars[step.var];
  const place = typeof typed === "string" ? findPlace(draft.ctx.directory, typed) : undefined;
  const vars = draft.state.vars;
  delete vars[`${step.set}_former`];
  delete vars[`${step.set}_full`];
  if (!place) {
    delete vars[step.set];
    return moveTo(draft, step.notFound);
  }
  const locale = draft.state.locale;
  vars[step.set] = place.area.id;
  vars[`${step.set}_full`] = (place.area.fullName ?? place.area.name)[locale];
  if (place.former) vars[`${step.set}_former`] = place.former.name[locale];
  return moveTo(draft, step.found);
}
