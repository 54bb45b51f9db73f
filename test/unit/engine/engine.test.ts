import { describe, expect, it } from "vitest";
import { initialState, step } from "../../../src/engine/engine.js";
import { intentOf, matchIntent } from "../../../src/engine/intents.js";
import { type EngineInput, type EngineState, FlowRuntimeError } from "../../../src/engine/types.js";
import { ctx, intents } from "./fixture.js";

const text = (t: string): EngineInput => ({ type: "text", text: t });
const choice = (value: string): EngineInput => ({ type: "choice", value });

function atMenu(): EngineState {
  return step(initialState("vi", ctx()), { type: "start" }, ctx()).state;
}

describe("engine: a new conversation", () => {
  it("when the first message says anything, then the greeting and the menu with buttons come back", () => {
    const r = step(initialState("vi", ctx()), text("alo có ai không"), ctx());
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:t:greeting", "vi:t:intro", "vi:t:menu"]);
    expect(r.outputs[2]?.buttons?.map((b) => b.value)).toEqual(["quiz", "name", "bye"]);
    expect(r.outputs[1]?.buttons).toBeUndefined();
    expect(r.state).toMatchObject({ flow: "main", step: "menu", awaiting: true });
  });

  it("when the first message asks for a person, then the handoff runs instead of the greeting", () => {
    const r = step(initialState("vi", ctx()), text("cho mình gặp tư vấn viên"), ctx());
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:t:requested"]);
    expect(r.effects).toContainEqual({ type: "handoff", priority: "normal", reason: "asked" });
  });

  it("when the engine runs, then the input state is not mutated", () => {
    const before = atMenu();
    const copy = structuredClone(before);
    step(before, choice("quiz"), ctx());
    expect(before).toEqual(copy);
  });
});

describe("engine: ask steps", () => {
  it("when a button is pressed, then its value is stored and its next step runs", () => {
    const r = step(atMenu(), choice("quiz"), ctx());
    expect(r.state.vars.pick).toBe("quiz");
    expect(r.state).toMatchObject({ flow: "quiz", step: "q1", awaiting: true });
    expect(r.outputs.at(-1)?.text).toBe("vi:t:q1");
  });

  it("when the option number is typed, then that option is chosen", () => {
    expect(step(atMenu(), text("2"), ctx()).state.step).toBe("ask_name");
    expect(step(atMenu(), text(" 1. "), ctx()).state.flow).toBe("quiz");
  });

  it("when the label is typed without diacritics or in other case, then that option is chosen", () => {
    expect(step(atMenu(), text("LAM BAI KIEM TRA"), ctx()).state.flow).toBe("quiz");
  });

  it("when a synonym is typed, then that option is chosen", () => {
    expect(step(atMenu(), text("Tên"), ctx()).state.step).toBe("ask_name");
  });

  it("when the answer is not understood, then the bot says so and shows the same options again", () => {
    const r = step(atMenu(), text("blah blah"), ctx());
    expect(r.outputs[0]?.text).toBe("vi:common:retry_choice");
    expect(r.outputs.at(-1)).toMatchObject({ text: "vi:t:menu" });
    expect(r.outputs.at(-1)?.buttons?.length).toBe(3);
    expect(r.state).toMatchObject({ step: "menu", awaiting: true, retries: 1 });
  });

  it("when the answer is not understood twice, then the bot also says how to reach a person", () => {
    const once = step(atMenu(), text("??"), ctx());
    const twice = step(once.state, text("??"), ctx());
    expect(twice.outputs.map((o) => o.text)).toContain("vi:common:retry_help");
  });

  it("when a stale button from another question is pressed, then the question is asked again", () => {
    const r = step(atMenu(), choice("yes"), ctx());
    expect(r.state.step).toBe("menu");
    expect(r.outputs[0]?.text).toBe("vi:common:retry_choice");
  });

  it("when a photo is sent at a question, then the bot says it reads text only and asks again", () => {
    const r = step(atMenu(), { type: "media", media: "photo" }, ctx());
    expect(r.outputs[0]?.text).toBe("vi:common:media_unsupported");
    expect(r.state.awaiting).toBe(true);
  });

  it("when free text answers a free-text question, then it is stored in the variable and used in later texts", () => {
    const s = step(atMenu(), choice("name"), ctx()).state;
    const r = step(s, text("  Hoa  "), ctx());
    expect(r.state.vars.nickname).toBe("Hoa");
    expect(r.outputs[0]?.text).toBe("vi:t:thanks{Hoa}");
    expect(r.state.step).toBe("menu");
  });

  it("when an empty text answers a free-text question, then it is asked again", () => {
    const s = step(atMenu(), choice("name"), ctx()).state;
    const r = step(s, text("   "), ctx());
    expect(r.state.step).toBe("ask_name");
    expect(r.outputs[0]?.text).toBe("vi:common:retry_text");
  });
});

describe("engine: set, branch, handoff, goto, end", () => {
  it("when the quiz answer is yes, then the score is added, the branch picks high and a handoff is requested", () => {
    const s = step(atMenu(), choice("quiz"), ctx()).state;
    const r = step(s, choice("yes"), ctx());
    expect(r.state.vars).toMatchObject({ score: 2, flagged: true });
    expect(r.effects).toContainEqual({ type: "handoff", priority: "high", reason: "quiz" });
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:t:handoff"]);
  });

  it("when the quiz answer is no, then the default branch runs, the locale switches and the flow ends", () => {
    const s = step(atMenu(), choice("quiz"), ctx()).state;
    const r = step(s, choice("no"), ctx());
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:t:low"]);
    expect(r.effects).toContainEqual({ type: "locale", locale: "en" });
    expect(r.state).toMatchObject({ locale: "en", done: true });
  });

  it("when the conversation has ended and the user writes again, then the menu comes back", () => {
    const ended = step(atMenu(), choice("bye"), ctx());
    expect(ended.outputs.map((o) => o.text)).toEqual(["vi:t:goodbye"]);
    expect(ended.state.done).toBe(true);
    const r = step(ended.state, text("xin chào"), ctx());
    expect(r.outputs.at(-1)?.text).toBe("vi:t:menu");
    expect(r.state).toMatchObject({ step: "menu", done: false, awaiting: true });
  });

  it("when flows loop without asking anything, then a FlowRuntimeError names the place", () => {
    const loop = ctx();
    const flows = new Map(loop.flows);
    flows.set("main", {
      id: "main",
      start: "a",
      steps: {
        a: { type: "set", vars: { x: "+1" }, next: "b" },
        b: { type: "goto", flow: "main", step: "a" },
      },
    });
    expect(() => step(initialState("vi", { flows }), text("hi"), { ...loop, flows })).toThrow(
      FlowRuntimeError,
    );
  });
});

describe("engine: global intents at any step", () => {
  const inQuiz = () => step(atMenu(), choice("quiz"), ctx()).state;

  it.each([["menu"], ["quay lại"], ["quay lai"], ["QUAY LẠI!"], ["/start"], ["/menu"]])(
    "when the user types %s in the middle of a flow, then the menu comes back",
    (input) => {
      const r = step(inQuiz(), text(input), ctx());
      expect(r.state).toMatchObject({ flow: "main", step: "menu", awaiting: true });
      expect(r.outputs.at(-1)?.text).toBe("vi:t:menu");
    },
  );

  it.each([
    ["tư vấn viên"],
    ["tu van vien"],
    ["cho em gặp tư vấn viên với"],
    ["Talk to a person please"],
    ["/tuvan"],
  ])("when the user types %s, then a handoff is requested", (input) => {
    const r = step(inQuiz(), text(input), ctx());
    expect(r.effects).toContainEqual({ type: "handoff", priority: "normal", reason: "asked" });
  });

  it("when the user types English, then the locale switches and the pending question is asked again in English", () => {
    const r = step(inQuiz(), text("English"), ctx());
    expect(r.effects).toContainEqual({ type: "locale", locale: "en" });
    expect(r.outputs.map((o) => o.text)).toEqual(["en:common:language_set", "en:t:q1"]);
    expect(r.outputs[1]?.buttons?.length).toBe(2);
    expect(r.state).toMatchObject({ locale: "en", flow: "quiz", step: "q1", awaiting: true });
  });

  it("when the user types /lang, then both languages are offered as buttons and the g_en button switches", () => {
    const r = step(inQuiz(), text("/lang"), ctx());
    expect(r.outputs[0]?.buttons?.map((b) => b.value)).toEqual(["g_vi", "g_en"]);
    const switched = step(r.state, choice("g_en"), ctx());
    expect(switched.state.locale).toBe("en");
  });

  it("when the user asks for help, then help is shown and the pending question comes back", () => {
    const r = step(inQuiz(), text("help"), ctx());
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:common:help", "vi:t:q1"]);
    expect(r.state.step).toBe("q1");
  });

  it("when a counselor holds the chat and the person asks for help or another language, then the answer comes alone, without the pending question", () => {
    const help = step(inQuiz(), text("/help"), ctx({ flagged: true, withCounselor: true }));
    expect(help.outputs.map((o) => o.text)).toEqual(["vi:common:help"]);
    const english = step(inQuiz(), choice("g_en"), ctx({ flagged: true, withCounselor: true }));
    expect(english.outputs.map((o) => o.text)).toEqual(["en:common:language_set"]);
    expect(english.effects).toContainEqual({ type: "locale", locale: "en" });
  });

  it.each([
    [choice("g_vi"), "vietnamese"],
    [choice("g_en"), "english"],
    [choice("g_cancel"), "cancel"],
    [choice("quiz"), undefined],
    [text("/help"), "help"],
    [text("/lang"), "language"],
    [text("/xoa"), "erase"],
    [text("/start"), "menu"],
    [text("/unknown"), undefined],
    [text("xoá dữ liệu"), "erase"],
    [{ type: "media", media: "photo" } as EngineInput, undefined],
  ])("when the input is %j, then the one reading of intents says %s", (input, intent) => {
    expect(intentOf(input, intents)).toBe(intent);
  });

  it("when a one-word command appears inside a longer message, then it is not taken as a command", () => {
    expect(matchIntent("tôi cần help với hợp đồng", intents)).toBeUndefined();
    expect(matchIntent("menu", intents)).toBe("menu");
  });

  it("when the user asks to delete their data, then the confirmation runs and yes erases", () => {
    const confirm = step(inQuiz(), text("xoa du lieu"), ctx());
    expect(confirm.outputs[0]?.text).toBe("vi:t:confirm");
    const r = step(confirm.state, choice("erase_yes"), ctx());
    expect(r.effects).toContainEqual({ type: "erase" });
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:t:erased"]);
  });
});

describe("engine: risk signals", () => {
  it("when free text is urgent, then the safety message comes at once with an urgent handoff, whatever the step", () => {
    const s = step(atMenu(), choice("quiz"), ctx()).state;
    const r = step(s, text("..."), ctx({ risk: { level: "urgent", indicators: ["confined_now"] } }));
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:risk:urgent"]);
    expect(r.effects).toEqual([
      { type: "risk", level: "urgent", indicators: ["confined_now"] },
      { type: "handoff", priority: "urgent", reason: "risk" },
    ]);
    expect(r.state.step).toBe("q1");
  });

  it("when free text is high risk at a free-text question, then the person is queued for a counselor with a cancel button and the answer still counts", () => {
    const s = step(atMenu(), choice("name"), ctx()).state;
    const r = step(
      s,
      text("they keep my passport"),
      ctx({ risk: { level: "high", indicators: ["documents"] } }),
    );
    expect(r.outputs[0]).toMatchObject({ text: "vi:risk:high", buttons: [{ value: "g_cancel" }] });
    expect(r.effects).toContainEqual({ type: "handoff", priority: "high", reason: "risk" });
    expect(r.state.vars.nickname).toBe("they keep my passport");
  });

  it("when free text is high risk at a question with buttons, then the person is queued and the question comes back", () => {
    const s = step(atMenu(), choice("quiz"), ctx()).state;
    const r = step(s, text("..."), ctx({ risk: { level: "high", indicators: ["debt"] } }));
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:risk:high", "vi:t:q1"]);
    expect(r.outputs[1]?.buttons?.map((b) => b.value)).toEqual(["yes", "no"]);
    expect(r.state).toMatchObject({ step: "q1", awaiting: true });
    expect(r.effects).toContainEqual({ type: "handoff", priority: "high", reason: "risk" });
  });

  it("when someone waiting for a counselor writes something that answers no question, then they hear it is kept for the counselor, not 'not understood'", () => {
    const s = step(atMenu(), choice("quiz"), ctx()).state;
    const r = step(s, text("em đang ở Bavet, họ lấy hết điện thoại"), ctx({ flagged: true }));
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:common:noted_for_counselor"]);
    expect(r.state).toMatchObject({ step: "q1", awaiting: true, retries: 0 });
  });

  it("when someone waiting for a counselor answers the pending question with an option, then the flow goes on", () => {
    const s = step(atMenu(), choice("quiz"), ctx()).state;
    const r = step(s, text("1"), ctx({ flagged: true }));
    expect(r.outputs.map((o) => o.text)).not.toContain("vi:common:noted_for_counselor");
    expect(r.state.step).not.toBe("q1");
  });

  it("when someone waiting for a counselor writes after the flow ended, then they are not sent back to the menu", () => {
    const r = step({ ...atMenu(), awaiting: false, done: true }, text("còn đây nữa"), ctx({ flagged: true }));
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:common:noted_for_counselor"]);
  });

  it("when urgent free text fired an indicator with advice, then that advice follows the safety message", () => {
    const r = step(
      atMenu(),
      text("..."),
      ctx({
        risk: {
          level: "urgent",
          indicators: ["confined_now"],
          advice: ["risk:advice.confined_now", "risk:advice.other"],
        },
      }),
    );
    expect(r.outputs.map((o) => o.text)).toEqual(["vi:risk:urgent", "vi:risk:advice.confined_now"]);
  });

  it("when free text is medium risk, then the first advice is shown and the flow carries on with the input", () => {
    const r = step(
      atMenu(),
      text("1"),
      ctx({ risk: { level: "medium", indicators: ["fee"], advice: ["risk:advice.fee"] } }),
    );
    expect(r.outputs[0]?.text).toBe("vi:risk:advice.fee");
    expect(r.state.flow).toBe("quiz");
  });

  it("when free text is low risk with advice, then no advice interrupts the conversation", () => {
    const r = step(
      atMenu(),
      text("1"),
      ctx({ risk: { level: "low", indicators: ["x"], advice: ["risk:advice.x"] } }),
    );
    expect(r.outputs.map((o) => o.text)).not.toContain("vi:risk:advice.x");
  });

  it("when free text is low risk, then the flow carries on and the risk is reported as an effect", () => {
    const r = step(atMenu(), text("1"), ctx({ risk: { level: "low", indicators: ["x"] } }));
    expect(r.effects[0]).toEqual({ type: "risk", level: "low", indicators: ["x"] });
    expect(r.state.flow).toBe("quiz");
  });
});
