import type { StepOf } from "../flowSchema.js";
import { type Draft, moveTo, type StepOutcome } from "../run.js";
import { LOCALES, type Locale } from "../types.js";

/** Sets variables. A string like "+2" adds to a number; the `locale` key switches language. */
export function executeSet(draft: Draft, step: StepOf<"set">): StepOutcome {
  for (const [name, value] of Object.entries(step.vars)) {
    if (name === "locale") {
      if (typeof value === "string" && (LOCALES as readonly string[]).includes(value)) {
        draft.state.locale = value as Locale;
        draft.effects.push({ type: "locale", locale: value as Locale });
      }
      continue;
    }
    const increment = typeof value === "string" ? /^\+(\d+(?:\.\d+)?)$/.exec(value) : null;
    if (increment) {
      const current = draft.state.vars[name];
      draft.state.vars[name] = (typeof current === "number" ? current : 0) + Number(increment[1]);
    } else {
      draft.state.vars[name] = value;
    }
  }
  return moveTo(draft, step.next);
}
