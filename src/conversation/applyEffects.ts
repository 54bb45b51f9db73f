import type { Effect, Locale, Priority, RiskLevel } from "../engine/types.js";
import { transition } from "../handoff/stateMachine.js";
import { higherPriority, higherRisk, priorityForRisk } from "./riskLevels.js";
import type { ConversationStatus } from "./types.js";

/** What a bot turn may change in a conversation. */
export interface ConversationFacts {
  status: ConversationStatus;
  priority: Priority | null;
  riskLevel: RiskLevel;
  riskIndicators: readonly string[];
  locale: Locale;
  waitingSince: Date | null;
  handoffReason: string | null;
}

/** A handoff the turn asked for, with the conversation as it stood at that effect. */
export interface HandoffRequest {
  facts: ConversationFacts;
  /** The priority the request itself carries (how it came), before the risk seen so far. */
  priority: Priority;
  reason: string;
}

export interface AppliedEffects {
  facts: ConversationFacts;
  handoffRequests: HandoffRequest[];
  eraseRequested: boolean;
}

/**
 * Folds a turn's effects into the conversation: risk raises the level (and, in the queue, the
 * priority), a locale switch is kept, a handoff request moves a bot chat into the queue through
 * the transition table, an erasure is flagged for the caller. Pure: `now` stamps the wait.
 */
export function applyEffects(
  start: ConversationFacts,
  effects: readonly Effect[],
  now: Date,
): AppliedEffects {
  const facts: ConversationFacts = { ...start, riskIndicators: [...start.riskIndicators] };
  const indicators = new Set(start.riskIndicators);
  const handoffRequests: HandoffRequest[] = [];
  let eraseRequested = false;
  for (const effect of effects) {
    switch (effect.type) {
      case "risk":
        facts.riskLevel = higherRisk(facts.riskLevel, effect.level);
        for (const id of effect.indicators) indicators.add(id);
        // A risk seen while waiting moves the chat up the queue.
        if (facts.status === "waiting")
          facts.priority = higherPriority(facts.priority, priorityForRisk(facts.riskLevel));
        break;
      case "locale":
        facts.locale = effect.locale;
        break;
      case "handoff": {
        // Priority comes from how the request came and from the risk seen so far.
        facts.priority = higherPriority(
          higherPriority(facts.priority, effect.priority),
          priorityForRisk(facts.riskLevel),
        );
        // Only a bot chat enters the queue; one already waiting stays where it is.
        const moved = transition(facts.status, "request");
        if (moved.ok) {
          facts.status = moved.to;
          facts.waitingSince = now;
          facts.handoffReason = effect.reason;
        }
        handoffRequests.push({
          facts: { ...facts, riskIndicators: [...indicators] },
          priority: effect.priority,
          reason: effect.reason,
        });
        break;
      }
      case "erase":
        eraseRequested = true;
        break;
      case "screened":
        // Counted by turn listeners (anonymous figures); nothing changes in the conversation.
        break;
      default: {
        const unreachable: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(unreachable)}`);
      }
    }
  }
  facts.riskIndicators = [...indicators];
  // Out of the queue, a chat has no priority, wait or reason.
  if (facts.status === "bot") {
    facts.priority = null;
    facts.waitingSince = null;
    facts.handoffReason = null;
  }
  return { facts, handoffRequests, eraseRequested };
}
