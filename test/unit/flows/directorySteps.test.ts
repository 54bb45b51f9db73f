import { describe, expect, it } from "vitest";
import { areaById, directorySchema, findArea } from "../../../src/engine/directory.js";
import { initialState, step } from "../../../src/engine/engine.js";
import { flowSchema } from "../../../src/engine/flowSchema.js";
import type { EngineContext, EngineState, Locale } from "../../../src/engine/types.js";
import { minimalIntents } from "../../../src/flows/loadFlows.js";

const directory = directorySchema.parse({
  national: [
    {
      id: "h111",
      kind: "hotline",
      name: { vi: "Tổng đài", en: "Hotline" },
      phone: "111",
      about: { vi: "Miễn phí", en: "Free" },
    },
  ],
  areas: [
    {
      id: "ha_noi",
      name: { vi: "Hà Nội", en: "Hanoi" },
      aliases: ["hn", "thủ đô"],
      services: [
        {
          id: "osso",
          kind: "osso",
          name: { vi: "Văn phòng", en: "Office" },
          about: { vi: "Giúp", en: "Helps" },
        },
      ],
    },
    { id: "ha_nam", name: { vi: "Hà Nam", en: "Ha Nam" } },
    { id: "hcm", name: { vi: "TP. Hồ Chí Minh", en: "Ho Chi Minh City" }, aliases: ["sài gòn", "tp hcm"] },
  ],
});

describe("findArea", () => {
  it.each([
    ["Hà Nội", "ha_noi"],
    ["ha noi", "ha_noi"],
    ["HN", "ha_noi"],
    ["tôi đang ở Thủ Đô ạ", "ha_noi"],
    ["Hà Nam", "ha_nam"],
    ["Sai Gon", "hcm"],
    ["tp.hcm", "hcm"],
    ["ha noii", "ha_noi"],
  ])("when %j is typed, then the area is %s", (text, id) => {
    expect(findArea(directory, text)?.id).toBe(id);
  });

  it.each([["hanh"], ["ở gần chợ"], [""], ["h"]])("when %j is typed, then no area is found", (text) => {
    expect(findArea(directory, text)).toBeUndefined();
  });

  it("when there is no directory, then nothing is found", () => {
    expect(findArea(undefined, "Hà Nội")).toBeUndefined();
    expect(areaById(undefined, "ha_noi")).toBeUndefined();
  });
});

// Texts render as key plus the params the step passed, so tests see both.
const t = (_locale: Locale, key: string, p?: Record<string, unknown>) =>
  `${key}|${["area", "name", "phone", "about"].map((k) => p?.[k] ?? "").join("|")}`;
const main = flowSchema.parse({
  id: "main",
  start: "ask",
  steps: {
    ask: { type: "ask", text: "t:ask", freeText: true, var: "place", next: "lookup" },
    lookup: { type: "find_area", var: "place", set: "area", found: "local", notFound: "national" },
    local: {
      type: "services",
      area: "area",
      heading: "t:here",
      empty: "t:empty",
      entry: "t:e",
      entryNoPhone: "t:e_no",
      next: "national",
    },
    national: { type: "services", heading: "t:all", entry: "t:e", entryNoPhone: "t:e_no" },
  },
});
const other = ["counselor", "erase"].map((id) =>
  flowSchema.parse({ id, start: "s", steps: { s: { type: "end" } } }),
);
const intents = { ...minimalIntents(), erase: ["erase me"] };
const ctx = (extra: Partial<EngineContext> = {}): EngineContext => ({
  flows: new Map([main, ...other].map((f) => [f.id, f])),
  intents,
  t,
  directory,
  ...extra,
});

function type(text: string, locale: Locale = "vi", extra: Partial<EngineContext> = {}) {
  const start: EngineState = step(initialState(locale, ctx(extra)), { type: "start" }, ctx(extra)).state;
  return step(start, { type: "text", text }, ctx(extra));
}

describe("engine: find_area and services steps", () => {
  it("when a known province with an office is typed, then its services come first, an entry without a number uses the no-phone text, then the national lines", () => {
    const r = type("ha noi");
    expect(r.state.vars.area).toBe("ha_noi");
    expect(r.outputs.map((o) => o.text)).toEqual([
      "t:here|Hà Nội|||\n\nt:e_no|Hà Nội|Văn phòng||Giúp",
      "t:all||||\n\nt:e||Tổng đài|111|Miễn phí",
    ]);
  });

  it("when a known province without services is typed, then the empty text names it", () => {
    const r = type("Hà Nam", "en");
    expect(r.outputs.map((o) => o.text)).toEqual(["t:empty|Ha Nam|||", "t:all||||\n\nt:e||Hotline|111|Free"]);
  });

  it("when the place is unknown, then the area variable is cleared and only the national lines come", () => {
    const r = type("nowhere");
    expect(r.state.vars.area).toBeUndefined();
    expect(r.outputs.map((o) => o.text)).toEqual(["t:all||||\n\nt:e||Tổng đài|111|Miễn phí"]);
  });

  it("when the engine has no directory, then lookups find nothing and lists say nothing", () => {
    const r = type("ha noi", "vi", { directory: undefined });
    expect(r.outputs).toEqual([]);
    expect(r.state.done).toBe(true);
  });
});
