import { areaById, type Service } from "../directory.js";
import type { StepOf } from "../flowSchema.js";
import { packLines } from "../packLines.js";
import { type Draft, moveTo, type StepOutcome } from "../run.js";

/**
 * Lists the services of an area (or the national lines) from the directory in the context.
 * An entry without a confirmed number renders through `entryNoPhone`, which points to 111.
 */
export function executeServices(draft: Draft, step: StepOf<"services">): StepOutcome {
  const { directory } = draft.ctx;
  const locale = draft.state.locale;
  const area = step.area ? areaById(directory, draft.state.vars[step.area]) : undefined;
  const services: Service[] = step.area ? (area?.services ?? []) : (directory?.national ?? []);
  const params = { ...draft.state.vars, area: area ? area.name[locale] : "" };
  const t = (key: string, extra: Record<string, unknown> = {}) =>
    draft.ctx.t(locale, key, { ...params, ...extra });

  if (services.length === 0) {
    if (step.empty) draft.outputs.push({ text: t(step.empty) });
    return moveTo(draft, step.next);
  }
  const entries = services.map((s) => {
    const fields = { name: s.name[locale], about: s.about[locale], phone: s.phone ?? "" };
    return t(s.phone ? step.entry : step.entryNoPhone, fields);
  });
  const lines = step.heading ? [t(step.heading), ...entries] : entries;
  for (const text of packLines(lines, "\n\n")) draft.outputs.push({ text });
  return moveTo(draft, step.next);
}
