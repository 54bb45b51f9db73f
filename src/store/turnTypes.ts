// The rows of the conversation core as domain types: the same columns as the schema
// (prisma/schema.prisma), plain values, no client types.
import type { StoredConversation } from "./conversationRecord.js";

export interface Contact {
  id: string;
  channel: string;
  pseudonym: string;
  handle: string;
  address: string | null;
  locale: string;
  blocked: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  reachedOn: string | null;
}

/** A conversation row as stored (see conversationRecord.ts for the parsed record the services use). */
export type Conversation = StoredConversation;

export interface Message {
  id: number;
  conversationId: string;
  channel: string;
  direction: string;
  sender: string;
  kind: string;
  text: string | null;
  choice: string | null;
  buttons: string | null;
  externalId: string | null;
  delivery: string;
  deliveryError: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  counselorId: string | null;
  createdAt: Date;
}

/** An outbound message as the outbox builds it (see Outbox.outboundRow), before it is stored. */
export interface OutboundRow {
  conversationId: string;
  channel: string;
  direction: string;
  sender: string;
  kind: string;
  text: string | null;
  buttons: string | null;
  delivery: string;
  createdAt: Date;
  counselorId?: string | null;
}

/** An inbound message as storeInbound builds it, before it is stored. */
export interface InboundRow {
  channel: string;
  kind: string;
  /** Encrypted text, or null (a start event). */
  text: string | null;
  choice: string | null;
  externalId: string | null;
  createdAt: Date;
}
