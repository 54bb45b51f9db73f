import { describe, expect, it } from "vitest";
import { applyEffects, type ConversationFacts } from "../../../src/conversation/applyEffects.js";
import type { Effect } from "../../../src/engine/types.js";

const NOW = new Date("2026-03-04T03:00:00Z");
const EARLIER = new Date("2026-03-04T02:40:00Z");

const botChat: ConversationFacts = {
  status: "bot",
  priority: null,
  riskLevel: "none",
  riskIndicators: [],
  locale: "vi",
  waitingSince: null,
  handoffReason: null,
};

const waitingChat: ConversationFacts = {
  ...botChat,
  status: "waiting",
  priority: "normal",
  waitingSince: EARLIER,
  handoffReason: "asked",
};

describe("applyEffects", () => {
  it("when a bot chat asks for a person, then it enters the queue now, with the reason and the request's priority", () => {
    const applied = applyEffects(botChat, [{ type: "handoff", priority: "high", reason: "asked" }], NOW);
    expect(applied.facts).toMatchObject({
      status: "waiting",
      priority: "high",
      waitingSince: NOW,
      handoffReason: "asked",
    });
    expect(applied.handoffRequests).toEqual([{ facts: applied.facts, priority: "high", reason: "asked" }]);
    expect(applied.eraseRequested).toBe(false);
  });

  it("when a waiting chat asks again, then the table refuses a second request: it keeps its place in time and its reason", () => {
    const applied = applyEffects(waitingChat, [{ type: "handoff", priority: "normal", reason: "risk" }], NOW);
    expect(applied.facts).toMatchObject({ status: "waiting", waitingSince: EARLIER, handoffReason: "asked" });
    expect(applied.handoffRequests).toHaveLength(1);
  });

  it("when a chat a counselor holds gets a handoff effect (the erasure flow runs there), then the illegal move is refused and it stays active", () => {
    const active: ConversationFacts = { ...waitingChat, status: "active" };
    const applied = applyEffects(active, [{ type: "handoff", priority: "urgent", reason: "risk" }], NOW);
    expect(applied.facts.status).toBe("active");
    expect(applied.facts.waitingSince).toBe(EARLIER);
  });

  it("when danger is seen while waiting, then the chat moves up the queue; seen in the bot, it only raises the level", () => {
    const risk: Effect = { type: "risk", level: "urgent", indicators: ["confinement"] };
    const waiting = applyEffects(waitingChat, [risk], NOW).facts;
    expect(waiting).toMatchObject({
      riskLevel: "urgent",
      priority: "urgent",
      riskIndicators: ["confinement"],
    });
    const bot = applyEffects(botChat, [risk], NOW).facts;
    expect(bot).toMatchObject({ status: "bot", riskLevel: "urgent", priority: null });
  });

  it("when a risk comes before the handoff in the same turn, then the queue priority follows the risk", () => {
    const applied = applyEffects(
      botChat,
      [
        { type: "risk", level: "high", indicators: ["debt"] },
        { type: "handoff", priority: "normal", reason: "asked" },
      ],
      NOW,
    );
    expect(applied.facts).toMatchObject({ status: "waiting", priority: "high", riskLevel: "high" });
  });

  it("when the level seen is lower than before, then the higher one stays, and indicators are kept once each", () => {
    const seen: ConversationFacts = { ...botChat, riskLevel: "high", riskIndicators: ["debt"] };
    const applied = applyEffects(seen, [{ type: "risk", level: "low", indicators: ["debt", "abroad"] }], NOW);
    expect(applied.facts).toMatchObject({ riskLevel: "high", riskIndicators: ["debt", "abroad"] });
  });

  it("when the person switches language or confirms erasure, then the locale changes and erasure is flagged", () => {
    const applied = applyEffects(botChat, [{ type: "locale", locale: "en" }, { type: "erase" }], NOW);
    expect(applied.facts.locale).toBe("en");
    expect(applied.eraseRequested).toBe(true);
  });

  it("when nothing happens, then the facts come back unchanged and the input is not mutated", () => {
    const input = structuredClone(waitingChat);
    const applied = applyEffects(input, [{ type: "screened", flow: "job_check", level: "low" }], NOW);
    expect(applied.facts).toEqual(waitingChat);
    expect(input).toEqual(waitingChat);
  });
});
