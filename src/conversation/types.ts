import type { Button, EngineInput, Locale, Priority, RiskLevel } from "../engine/types.js";

export type Channel = "webchat" | "telegram" | "zalo_oa" | "zalo_bot";
export const CHANNELS: readonly Channel[] = ["webchat", "telegram", "zalo_oa", "zalo_bot"];

export type ConversationStatus = "bot" | "waiting" | "active" | "closed";
export type Sender = "user" | "bot" | "counselor" | "system";

/** What a channel adapter hands to the conversation layer: no raw channel payloads. */
export interface InboundMessage {
  channel: Channel;
  /** The channel's id of the person (chat id, Zalo user id, web session id). Never logged. */
  channelUserId: string;
  /** The channel's id of this message or update, for dedupe. */
  externalId?: string;
  input: EngineInput;
  at: Date;
  /** Locale hint from the channel (e.g. Telegram language_code) for a new contact. */
  locale?: Locale;
  /** Where replies go (chat id, Zalo user id). Stored encrypted. Defaults to channelUserId. */
  address?: string;
}

/** A message as the web chat and console see it (the public `Message` of DESIGN.md). */
export interface ChatMessage {
  id: string;
  from: Sender;
  text: string;
  buttons?: Button[];
  at: string;
}

/** Where and how to deliver one outbound message. */
export interface Envelope {
  conversationId: string;
  contactId: string;
  address: string;
  locale: Locale;
  /** External id of the user's latest inbound message (Zalo OA free replies quote it). */
  replyTo?: string;
}

export type SendResult =
  | { ok: true; externalId?: string }
  /** `permanent`: do not retry (user blocked the bot, outside the reply window...). */
  | { ok: false; permanent: boolean; reason: string };

/** What a channel provides to deliver outbound messages. */
export interface ChannelSender {
  send(envelope: Envelope, message: ChatMessage): Promise<SendResult>;
  /** True when storing a message is delivering it (web chat): no address or send call is needed. */
  addressless?: boolean;
}

export type HandleResult =
  | { status: "duplicate"; conversationId?: string }
  | {
      status: "processed";
      conversationId: string;
      contactId: string;
      replies: ChatMessage[];
      /** The stored id of the person's own message (absent when it was erased in the same turn). */
      inboundId?: string;
    };

/** Pushed to listeners (web chat socket, console) whenever a message is stored. */
export interface MessageEvent {
  conversationId: string;
  contactId: string;
  channel: Channel;
  message: ChatMessage;
  /** The conversation's handoff status and holder when the message was stored (undefined: not known). */
  status?: ConversationStatus;
  assignedTo?: string | null;
}

export interface ConversationSummary {
  id: string;
  status: ConversationStatus;
  priority: Priority | null;
  riskLevel: RiskLevel;
}
