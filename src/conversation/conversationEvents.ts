import { EventEmitter } from "node:events";
import type { Effect } from "../engine/types.js";
import type { Conversation } from "../store/turnTypes.js";
import type { Channel, ChatMessage, ConversationStatus, MessageEvent } from "./types.js";

/** One stored bot turn, for listeners that count what happened (never message text). */
export interface TurnEvent {
  before: Conversation;
  after: Conversation;
  effects: readonly Effect[];
}

/** Where a message event says it belongs: the conversation, and its status when known. */
export type MessageTarget = Pick<Conversation, "id" | "contactId" | "channel"> &
  Partial<Pick<Conversation, "status" | "assignedTo">>;

/**
 * What the conversation core tells the rest of the process: every stored message (web chat
 * socket, console), every stored bot turn (anonymous figures) and every status change (queue).
 */
export class ConversationEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  message(conversation: MessageTarget, message: ChatMessage): void {
    const event: MessageEvent = {
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel: conversation.channel as Channel,
      message,
      ...(conversation.status ? { status: conversation.status as ConversationStatus } : {}),
      ...(conversation.assignedTo !== undefined ? { assignedTo: conversation.assignedTo } : {}),
    };
    this.emitter.emit("message", event);
  }

  turn(event: TurnEvent): void {
    this.emitter.emit("turn", event);
  }

  status(conversation: Conversation): void {
    this.emitter.emit("status", conversation);
  }

  onMessage(listener: (event: MessageEvent) => void): () => void {
    return this.on("message", listener);
  }

  onTurn(listener: (event: TurnEvent) => void): () => void {
    return this.on("turn", listener);
  }

  onStatus(listener: (conversation: Conversation) => void): () => void {
    return this.on("status", listener);
  }

  private on<T>(name: string, listener: (value: T) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
