import { describe, expect, it } from "vitest";
import { initialState, step } from "../../../src/engine/engine.js";
import { type Flow, flowSchema } from "../../../src/engine/flowSchema.js";
import { MAX_MESSAGE_CHARS, packLines } from "../../../src/engine/packLines.js";
import type { EngineContext, EngineState, Locale } from "../../../src/engine/types.js";
import { minimalIntents } from "../../../src/flows/loadFlows.js";

// Texts render as "<key>" so tests can see which ones were said; `long` is long on purpose.
const t = (_locale: Locale, key: string) => (key === "t:long" ? `${key} ${"x".repeat(200)}` : key);

const quiz: Flow = flowSchema.parse({
  id: "main",
  start: "menu",
  steps: {
    menu: {
      type: "ask",
      text: "t:q",
      var: "answer",
      next: "result",
      choices: [
        { value: "locked", label: "t:locked" },
        { value: "fee", label: "t:fee" },
        { value: "many", label: "t:many" },
        { value: "none", label: "t:none" },
      ],
    },
    result: {
      type: "assess",
      set: "level",
      score: "score",
      thresholds: { low: 1, medium: 3, high: 6 },
      levels: {
        none: "t:level_none",
        medium: "t:level_medium",
        high: "t:level_high",
        urgent: "t:level_urgent",
      },
      heading: "t:heading",
      items: [
        {
          when: { var: "answer", eq: "locked" },
          urgent: true,
          indicator: "confined_now",
          text: "t:locked_line",
        },
        {
          when: { var: "answer", eq: "fee" },
          weight: 3,
          indicator: "illegal_fee_or_deposit",
          text: "t:fee_line",
        },
        { when: { var: "answer", in: ["fee", "many"] }, weight: 0.5 },
        ...Array.from({ length: 4 }, () => ({
          when: { var: "answer", eq: "many" },
          weight: 2,
          indicator: "x",
          text: "t:long",
        })),
      ],
      next: "done",
    },
    done: { type: "end" },
  },
});
const counselor = flowSchema.parse({ id: "counselor", start: "h", steps: { h: { type: "handoff" } } });
const erase = flowSchema.parse({ id: "erase", start: "e", steps: { e: { type: "erase" } } });
const intents = { ...minimalIntents(), erase: ["erase me"] };
const ctx: EngineContext = { flows: new Map([quiz, counselor, erase].map((f) => [f.id, f])), intents, t };

function answer(value: string) {
  const start: EngineState = step(initialState("vi", ctx), { type: "start" }, ctx).state;
  return step(start, { type: "choice", value }, ctx);
}

describe("engine: assess step", () => {
  it("when an urgent item matches, then the level is urgent whatever the score, and the counselor gets a risk effect with its indicator", () => {
    const r = answer("locked");
    expect(r.state.vars).toMatchObject({ level: "urgent", score: 0 });
    expect(r.outputs.map((o) => o.text)).toEqual(["t:level_urgent", "t:heading\n• t:locked_line"]);
    expect(r.effects).toEqual([
      { type: "risk", level: "urgent", indicators: ["confined_now"] },
      { type: "screened", flow: "main", level: "urgent" },
    ]);
  });

  it("when weighted items match, then their weights add up to the level of the thresholds and items without text only count", () => {
    const r = answer("fee");
    expect(r.state.vars).toMatchObject({ level: "medium", score: 3.5 });
    expect(r.outputs.map((o) => o.text)).toEqual(["t:level_medium", "t:heading\n• t:fee_line"]);
    expect(r.effects).toEqual([
      { type: "risk", level: "medium", indicators: ["illegal_fee_or_deposit"] },
      { type: "screened", flow: "main", level: "medium" },
    ]);
  });

  it("when nothing matches, then the level is none, no list and no risk effect are given, and the screening still counts", () => {
    const r = answer("none");
    expect(r.state.vars).toMatchObject({ level: "none", score: 0 });
    expect(r.outputs.map((o) => o.text)).toEqual(["t:level_none"]);
    expect(r.effects).toEqual([{ type: "screened", flow: "main", level: "none" }]);
  });

  it("when many lines match, then they are split into messages short enough for a phone, in order, and an indicator is reported once", () => {
    const r = answer("many");
    expect(r.state.vars.level).toBe("high");
    const lists = r.outputs.slice(1).map((o) => o.text);
    expect(lists.length).toBeGreaterThan(1);
    expect(lists.every((text) => text.length <= MAX_MESSAGE_CHARS)).toBe(true);
    expect(lists.join("\n").split("\n")).toEqual([
      "t:heading",
      ...Array.from({ length: 4 }, () => `• ${t("vi", "t:long")}`),
    ]);
    expect(r.effects).toEqual([
      { type: "risk", level: "high", indicators: ["x"] },
      { type: "screened", flow: "main", level: "high" },
    ]);
  });
});

describe("packLines", () => {
  it("when lines fit, then they share a message; when one would overflow, then it starts the next; a line longer than the limit stands alone", () => {
    expect(packLines(["aa", "bb", "cc"], "\n", 5)).toEqual(["aa\nbb", "cc"]);
    expect(packLines(["a", "toolong", "b"], "\n", 3)).toEqual(["a", "toolong", "b"]);
    expect(packLines([], "\n", 3)).toEqual([]);
  });
});
