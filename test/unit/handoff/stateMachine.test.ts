import { describe, expect, it } from "vitest";
import type { ConversationStatus } from "../../../src/conversation/types.js";
import { type HandoffEvent, TRANSITIONS, transition } from "../../../src/handoff/stateMachine.js";

const STATUSES: ConversationStatus[] = ["bot", "waiting", "active", "closed"];
const EVENTS: HandoffEvent[] = ["request", "cancel", "claim", "release", "transfer", "close"];

describe("handoff state machine", () => {
  it.each([
    ["bot", "request", "waiting"],
    ["waiting", "cancel", "bot"],
    ["waiting", "claim", "active"],
    ["active", "release", "waiting"],
    ["active", "transfer", "active"],
    ["active", "close", "closed"],
  ] as const)("when a %s chat gets %s, then it becomes %s", (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, from, to });
  });

  it("when any other move is tried, then it is rejected as illegal", () => {
    const legal = new Set([
      "bot:request",
      "waiting:cancel",
      "waiting:claim",
      "active:release",
      "active:transfer",
      "active:close",
    ]);
    let illegal = 0;
    for (const from of STATUSES)
      for (const event of EVENTS) {
        if (legal.has(`${from}:${event}`)) continue;
        illegal++;
        expect(transition(from, event)).toEqual({ ok: false, from, event, reason: "illegal_transition" });
      }
    expect(illegal).toBe(STATUSES.length * EVENTS.length - legal.size);
  });

  it("when a chat is closed, then nothing leads out of it", () => {
    expect(TRANSITIONS.closed).toEqual({});
    expect(transition("closed", "claim").ok).toBe(false);
    expect(transition("bot", "close").ok).toBe(false);
    expect(transition("waiting", "transfer").ok).toBe(false);
  });
});
