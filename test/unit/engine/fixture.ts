import { type Flow, flowSchema, type Intents } from "../../../src/engine/flowSchema.js";
import type { EngineContext, Locale } from "../../../src/engine/types.js";

/** A small flow set exercising every step type; texts render as `<locale>:<key>` with vars. */
export const flows: Flow[] = [
  {
    id: "main",
    start: "greeting",
    steps: {
      greeting: { type: "say", text: "t:greeting", next: "menu" },
      menu: {
        type: "ask",
        text: ["t:intro", "t:menu"],
        freeText: false,
        var: "pick",
        choices: [
          { value: "quiz", label: "t:quiz", next: "to_quiz" },
          { value: "name", label: "t:name", synonyms: ["tên", "my name"], next: "ask_name" },
          { value: "bye", label: "t:bye", next: "done" },
        ],
      },
      to_quiz: { type: "goto", flow: "quiz" },
      ask_name: { type: "ask", text: "t:ask_name", freeText: true, var: "nickname", next: "thanks" },
      thanks: { type: "say", text: "t:thanks", next: "menu" },
      done: { type: "end", text: "t:goodbye" },
    },
  },
  {
    id: "quiz",
    start: "q1",
    steps: {
      q1: {
        type: "ask",
        text: "t:q1",
        freeText: false,
        choices: [
          { value: "yes", label: "t:yes", next: "flag" },
          { value: "no", label: "t:no", next: "check" },
        ],
      },
      flag: { type: "set", vars: { score: "+2", flagged: true }, next: "check" },
      check: {
        type: "branch",
        cases: [{ when: { var: "score", gte: 2 }, next: "high" }],
        default: "low",
      },
      high: { type: "handoff", priority: "high", reason: "quiz", text: "t:handoff", next: "after" },
      low: { type: "say", text: "t:low", next: "after" },
      after: { type: "set", vars: { locale: "en" }, next: "end" },
      end: { type: "end" },
    },
  },
  {
    id: "counselor",
    start: "request",
    steps: { request: { type: "handoff", priority: "normal", reason: "asked", text: "t:requested" } },
  },
  {
    id: "erase",
    start: "confirm",
    steps: {
      confirm: {
        type: "ask",
        text: "t:confirm",
        freeText: false,
        choices: [
          { value: "erase_yes", label: "t:yes", next: "wipe" },
          { value: "erase_no", label: "t:no", next: "back" },
        ],
      },
      wipe: { type: "erase", text: "t:erased" },
      back: { type: "goto", flow: "main", step: "menu" },
    },
  },
].map((f) => flowSchema.parse(f));

export const intents: Intents = {
  menu: ["menu", "quay lại"],
  human: ["tư vấn viên", "talk to a person"],
  language: ["ngôn ngữ", "language"],
  english: ["english"],
  vietnamese: ["tiếng việt"],
  help: ["help", "giúp"],
  cancel: ["hủy"],
  erase: ["xóa dữ liệu", "delete my data"],
};

/** Labels render as the key itself so tests can type them; vars interpolate as `key{var=value}`. */
export const t = (locale: Locale, key: string, params?: Record<string, unknown>): string => {
  if (key === "t:quiz") return locale === "vi" ? "Làm bài kiểm tra" : "Take the quiz";
  const nickname = params?.nickname;
  return `${locale}:${key}${typeof nickname === "string" && key === "t:thanks" ? `{${nickname}}` : ""}`;
};

export function ctx(extra: Partial<EngineContext> = {}): EngineContext {
  return { flows: new Map(flows.map((f) => [f.id, f])), intents, t, ...extra };
}
