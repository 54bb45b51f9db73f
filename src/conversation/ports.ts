import type { EngineInput, OutMessage, Priority, Scalar } from "../engine/types.js";
import type { Conversation } from "../store/turnTypes.js";
import type { HandleResult } from "./types.js";

/**
 * What the handoff layer says to the person during their own turn (the queue, the counselor
 * who holds the chat). Given to the conversation service at construction.
 */
export interface HandoffPort {
  /** A handoff was requested in this turn; returns extra messages for the person (their place). */
  requested(
    conversation: Conversation,
    priority: Priority,
    /** The conversation's variables after this turn (where the person is, their answers). */
    vars: Record<string, Scalar>,
  ): Promise<OutMessage[]>;
  /** A message arrived while a counselor holds the chat; the bot stays silent, these are sent. */
  whileActive(conversation: Conversation, input: EngineInput): Promise<OutMessage[]>;
  /**
   * A message that is not a command arrived while the person waits in the queue and no flow
   * question is pending: messages returned replace the bot's answer (the menu would be noise);
   * undefined lets the bot answer.
   */
  whileWaiting(conversation: Conversation): Promise<OutMessage[] | undefined>;
  /** The person left the queue ("hủy", the cancel button): messages shown before the menu. */
  cancelled(conversation: Conversation): Promise<OutMessage[]>;
}

/** Erasure on request (privacy). */
export interface ErasurePort {
  /**
   * The person confirmed erasure: delete everything about the contact, then send `lastWords`
   * without storing them. Runs inside the contact's serialized turn.
   */
  erase(conversation: Conversation, lastWords: OutMessage[]): Promise<HandleResult>;
}

/** A handoff port that adds nothing (a service with no queue, as in some tests and tools). */
export const NO_HANDOFF: HandoffPort = {
  requested: async () => [],
  whileActive: async () => [],
  whileWaiting: async () => undefined,
  cancelled: async () => [],
};
