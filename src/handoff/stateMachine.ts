import type { ConversationStatus } from "../conversation/types.js";

/** Why a conversation changes status; each edge of the handoff state machine has one. */
export type HandoffEvent = "request" | "cancel" | "claim" | "release" | "transfer" | "close";

/**
 * The transition table: `from` status and event → `to` status. Anything not listed is illegal.
 * `transfer` to a named counselor keeps the chat active (`active → active`); a transfer with
 * no counselor is a `release` back to the queue (`active → waiting`).
 */
export const TRANSITIONS: Readonly<
  Record<ConversationStatus, Partial<Record<HandoffEvent, ConversationStatus>>>
> = {
  bot: { request: "waiting" },
  waiting: { cancel: "bot", claim: "active" },
  active: { release: "waiting", transfer: "active", close: "closed" },
  closed: {},
};

export type TransitionResult =
  | { ok: true; from: ConversationStatus; to: ConversationStatus }
  | { ok: false; from: ConversationStatus; event: HandoffEvent; reason: "illegal_transition" };

/** Looks up where `event` leads from `from`; illegal moves come back as `{ok: false}`. */
export function transition(from: ConversationStatus, event: HandoffEvent): TransitionResult {
  const to = TRANSITIONS[from][event];
  return to ? { ok: true, from, to } : { ok: false, from, event, reason: "illegal_transition" };
}
