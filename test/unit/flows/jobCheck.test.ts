import { describe, expect, it } from "vitest";
import { initialState, step } from "../../../src/engine/engine.js";
import type { EngineContext, EngineState, Locale } from "../../../src/engine/types.js";
import { loadFlows } from "../../../src/flows/loadFlows.js";
import { createTranslator } from "../../../src/i18n.js";

const bundle = loadFlows("flows", "locales");
const { t } = createTranslator(bundle.resources, { retentionDays: 90 });
const ctx: EngineContext = { flows: bundle.flows, intents: bundle.intents, t };

/** Every text of the job check in a locale, flattened. */
function jobCheckTexts(locale: Locale): string[] {
  const flatten = (node: unknown): string[] =>
    typeof node === "string" ? [node] : Object.values(node as object).flatMap(flatten);
  return flatten(bundle.resources[locale].job_check);
}

/** Walks the check pressing the button at `pick` of each question; the questions asked and the result. */
function walk(locale: Locale, pick: (buttons: string[]) => number) {
  let state: EngineState = step(initialState(locale, ctx), { type: "start" }, ctx).state;
  let r = step(state, { type: "choice", value: "job_check" }, ctx);
  const asked: string[] = [];
  while (r.state.flow === "job_check" && !["offer", "after"].includes(r.state.step)) {
    const question = r.outputs.at(-1)!;
    asked.push(question.text);
    const values = question.buttons!.map((b) => b.value);
    state = r.state;
    r = step(state, { type: "choice", value: values[pick(values)]! }, ctx);
    if (asked.length > 20) throw new Error("the check does not end");
  }
  return { asked, result: r.outputs };
}

describe("the job check (flows/job_check.flow.yaml)", () => {
  it("when every question is answered, then at most 7 were asked, whatever the answers", () => {
    for (const locale of ["vi", "en"] as const) {
      expect(walk(locale, () => 0).asked.length).toBeLessThanOrEqual(7);
      expect(walk(locale, (values) => values.length - 1).asked.length).toBeLessThanOrEqual(7);
      expect(walk(locale, (values) => Math.min(1, values.length - 1)).asked.length).toBeLessThanOrEqual(7);
    }
  });

  it("when the result is given, then the verdict comes first and the advice last, before the offer", () => {
    const { result } = walk("vi", (values) =>
      Math.max(0, values.indexOf("online"), values.indexOf("cambodia")),
    );
    expect(result[0]?.text).toMatch(/^⚠️ Lời mời này có nhiều dấu hiệu lừa đảo/);
    expect(result[1]?.text).toMatch(/^Những điều đáng lo nhất:\n• /);
    expect((result[1]?.text ?? "").split("\n•").length - 1).toBeLessThanOrEqual(3);
    expect(result[2]?.text).toMatch(/^Nên làm gì bây giờ:/);
    expect(result).toHaveLength(4);
  });

  // Two phone screens at 360 px hold about 1,200 characters of bubbles (checked in the widget's
  // screenshots): the longest verdict, the heading, the three longest signs, the longest
  // advice and the offer must fit.
  it("when the longest texts are put together, then the result still fits two phone screens", () => {
    for (const locale of ["vi", "en"] as const) {
      const jc = bundle.resources[locale].job_check as Record<string, Record<string, string> | string>;
      const level = jc.level as Record<string, string>;
      const flags = jc.flags as Record<string, string>;
      const todo = jc.todo as Record<string, string>;
      const longest = (list: string[]) => Math.max(...list.map((s) => s.length));
      const signs = Object.entries(flags)
        .filter(([k]) => k !== "heading")
        .map(([, v]) => v.length)
        .sort((a, b) => b - a)
        .slice(0, 3);
      const total =
        longest([...Object.values(level), jc.verdict_compound as string]) +
        flags.heading!.length +
        signs.reduce((a, b) => a + b, 0) +
        longest(Object.values(todo)) +
        (jc.offer as string).length;
      expect(total, locale).toBeLessThanOrEqual(1200);
    }
  });

  it("when any text of the check is read, then none reads as leave to pay a fee", () => {
    const vi =
      /chỉ nộp|nộp cho (chính )?doanh nghiệp|có thể nộp|được (phép )?nộp|hãy nộp|nộp (tiền )?sau khi|được thu khi/i;
    const en =
      /pay only|only pay|you (may|can) pay|pay the enterprise|may be collected (only )?(when|once)|pay after/i;
    for (const text of jobCheckTexts("vi")) expect(text).not.toMatch(vi);
    for (const text of jobCheckTexts("en")) expect(text).not.toMatch(en);
    // The rule on fees is stated as a ban, with both of its conditions.
    const fee = bundle.resources.vi.job_check as { flags: { fee_before: string } };
    expect(fee.flags.fee_before).toMatch(
      /không được thu phí dịch vụ trước khi hợp đồng cung ứng lao động được chấp thuận và bạn đã ký hợp đồng/,
    );
  });
});
