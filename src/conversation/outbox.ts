import type { Logger } from "pino";
import type { OutMessage } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { Conversation, DeliveryContact, Message, OutboundRow, TurnStore } from "../store/turnStore.js";
import { toChatMessage } from "./chatMessage.js";
import type { ConversationEvents } from "./conversationEvents.js";
import type { Channel, ChannelSender, ChatMessage, Envelope, Sender } from "./types.js";

/** After this many failed attempts a message is given up (`failed`). */
export const MAX_SEND_ATTEMPTS = 8;

/** How long a retry pass holds the messages it claimed (its sends record the outcome before). */
const CLAIM_MS = 5 * 60_000;

/**
 * A delivery still sending after this long (a channel asking to wait, retries of a slow API)
 * claims its unsent messages, and renews the claim as long as it goes on: recovery (which takes
 * up messages never tried and older than its grace, on any instance) then leaves them to it.
 */
export const SLOW_SEND_MS = 10_000;

/** Wait before the next attempt after `attempts` failures: 10 s, 20 s, 40 s... at most 15 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 5_000, 15 * 60_000);
}

export interface OutboxDeps {
  turnStore: TurnStore;
  cipher: FieldCipher;
  events: ConversationEvents;
  logger: Logger;
  clock: () => Date;
  /** Default SLOW_SEND_MS (tests shorten it). */
  slowSendMs?: number;
}

/**
 * The recipient as the person's own turn already knows it (read in its inbound transaction):
 * the delivery then needs no read of its own. `replyTo`: the external id of that inbound message.
 */
export interface KnownRecipient extends DeliveryContact {
  replyTo?: string;
}

/** Where last words go when nothing of the person is left to store them with. */
export interface EphemeralTarget {
  conversationId: string;
  contactId: string;
  channel: Channel;
  address: string;
  locale: Envelope["locale"];
}

/**
 * The outbox: outbound messages are stored `pending` first, then sent through their channel's
 * sender in order. A failed send waits for a retry with exponential backoff, or becomes
 * `undeliverable` when the channel says the failure is permanent.
 */
export class Outbox {
  private readonly senders = new Map<Channel, ChannelSender>();

  constructor(private readonly deps: OutboxDeps) {}

  registerSender(channel: Channel, sender: ChannelSender): void {
    this.senders.set(channel, sender);
  }

  /** The row of an outbound message, ready to be stored (`pending`, text encrypted). */
  outboundRow(
    conversation: Pick<Conversation, "id" | "channel">,
    out: OutMessage,
    sender: Sender,
  ): OutboundRow {
    return {
      conversationId: conversation.id,
      channel: conversation.channel,
      direction: "out",
      sender,
      kind: "text",
      text: this.deps.cipher.encrypt(out.text),
      buttons: out.buttons?.length ? JSON.stringify(out.buttons) : null,
      delivery: "pending",
      createdAt: this.deps.clock(),
    };
  }

  /**
   * Tells listeners of stored outbound messages, then delivers them; returns them as the public
   * shape. `written`: the messages the caller just stored as these rows (outboundRow), in the
   * same order: their texts are taken as they are, not decrypted again.
   */
  async publish(
    conversation: Conversation,
    rows: Message[],
    known?: KnownRecipient,
    written?: readonly OutMessage[],
  ): Promise<ChatMessage[]> {
    const messages = rows.map((row, i) => toChatMessage(row, this.deps.cipher, written?.[i]?.text));
    for (const message of messages) this.deps.events.message(conversation, message);
    await this.deliver(conversation, rows, known, messages);
    return messages;
  }

  /**
   * Sends stored outbound messages through their channel, in order; failures wait for a retry.
   * `messages`: the rows already in their public shape (decrypted), when the caller has them.
   */
  async deliver(
    conversation: Conversation,
    rows: Message[],
    known?: KnownRecipient,
    messages?: ChatMessage[],
  ): Promise<void> {
    const { turnStore, cipher } = this.deps;
    const sender = this.senders.get(conversation.channel as Channel);
    if (!sender || rows.length === 0) return;
    if (sender.addressless) {
      // Web chat: storing the message is delivering it (the client fetches or is pushed it).
      await turnStore.markSent(rows.map((r) => r.id));
      return;
    }
    const contact = known ?? (await turnStore.deliveryContact(conversation.contactId));
    if (!contact) return;
    if (contact.blocked) {
      await turnStore.markUndeliverable(
        rows.map((r) => r.id),
        "blocked by user",
      );
      return;
    }
    const replyTo = known?.replyTo ?? (await turnStore.lastInboundExternalId(conversation.id));
    const envelope: Envelope = {
      conversationId: conversation.id,
      contactId: conversation.contactId,
      address: cipher.open(contact.address) ?? "",
      locale: conversation.locale as Envelope["locale"],
      ...(replyTo ? { replyTo } : {}),
    };
    let next = 0;
    const claim = setInterval(() => {
      const unsent = rows.slice(next).map((r) => r.id);
      const until = new Date(this.deps.clock().getTime() + CLAIM_MS);
      turnStore
        .claimUnsent(unsent, until)
        .catch((err: unknown) => this.deps.logger.warn({ err }, "claiming a slow delivery failed"));
    }, this.deps.slowSendMs ?? SLOW_SEND_MS);
    claim.unref();
    try {
      for (; next < rows.length; next++) {
        const row = rows[next]!;
        const message = messages?.[next] ?? toChatMessage(row, cipher);
        const outcome = await this.sendOne(sender, envelope, row, message);
        if (outcome === "sent") {
          // Recorded at once (with the other replies sent in this turn of the event loop, one
          // statement: TurnStore.markSent): a crash right after must not send it again.
          await turnStore.markSent([row.id]);
          continue;
        }
        // Keep order: later messages wait for the retry of this one.
        const later = rows.slice(next + 1).map((r) => r.id);
        const nextAttemptAt = outcome ?? this.deps.clock();
        await turnStore.deferDelivery(later, nextAttemptAt);
        return;
      }
    } finally {
      clearInterval(claim);
    }
  }

  /** Sends one message; returns "sent", the time of the next attempt, or null when given up. */
  private async sendOne(
    sender: ChannelSender,
    envelope: Envelope,
    row: Message,
    message: ChatMessage,
  ): Promise<"sent" | Date | null> {
    const { turnStore, logger } = this.deps;
    let result: Awaited<ReturnType<ChannelSender["send"]>>;
    try {
      result = await sender.send(envelope, message);
    } catch (err) {
      result = { ok: false, permanent: false, reason: err instanceof Error ? err.message : String(err) };
    }
    const attempts = row.attempts + 1;
    // The caller records a success at once.
    if (result.ok) return "sent";
    const giveUp = result.permanent || attempts >= MAX_SEND_ATTEMPTS;
    const nextAttemptAt = giveUp ? null : new Date(this.deps.clock().getTime() + retryDelayMs(attempts));
    await turnStore.markSendFailed(row.id, {
      delivery: giveUp ? (result.permanent ? "undeliverable" : "failed") : "pending",
      attempts,
      deliveryError: result.reason.slice(0, 500),
      nextAttemptAt,
    });
    logger.warn(
      { messageId: row.id, channel: row.channel, attempts, permanent: result.permanent },
      "message delivery failed",
    );
    return nextAttemptAt;
  }

  /**
   * Retries outbound messages whose next attempt is due, each conversation inside `lock` (so a
   * retry never interleaves with the person's own turn). Returns how many were attempted.
   */
  async retryDue(
    lock: (conversationId: string, task: () => Promise<void>) => Promise<void>,
    limit = 100,
  ): Promise<number> {
    const now = this.deps.clock();
    const due = await this.deps.turnStore.claimDueOutbound(now, limit, new Date(now.getTime() + CLAIM_MS));
    const byConversation = new Map<string, { conversation: Conversation; rows: Message[] }>();
    for (const { row, conversation } of due) {
      const entry = byConversation.get(row.conversationId) ?? { conversation, rows: [] };
      entry.rows.push(row);
      byConversation.set(row.conversationId, entry);
    }
    for (const { conversation, rows } of byConversation.values()) {
      await lock(conversation.id, async () => {
        // The person's own turn may have sent some of them while this pass waited for the lock
        // (claimed as never tried while that turn was still sending them): not again.
        const pending = await this.deps.turnStore.stillPending(rows.map((r) => r.id));
        await this.deliver(
          conversation,
          rows.filter((r) => pending.has(r.id)),
        );
      });
    }
    return due.length;
  }

  /**
   * Outbound messages stored but never attempted (a crash before delivery) become due now;
   * with `storedBefore`, only those older than it (younger ones may be being sent by a live
   * turn right now: sending them here would double them).
   */
  makeNeverTriedDue(storedBefore?: Date): Promise<number> {
    return this.deps.turnStore.makeNeverTriedDue(this.deps.clock(), storedBefore);
  }

  /**
   * Sends messages through the conversation's channel without storing them (the last words
   * after an erasure). `address` is read before the data is deleted.
   */
  async sendEphemeral(target: EphemeralTarget, outputs: OutMessage[]): Promise<ChatMessage[]> {
    const sender = this.senders.get(target.channel);
    const now = this.deps.clock().toISOString();
    const messages = outputs.map((out, i) => ({
      id: `ephemeral-${Date.now()}-${i}`,
      from: "bot" as const,
      text: out.text,
      ...(out.buttons?.length ? { buttons: out.buttons } : {}),
      at: now,
    }));
    for (const message of messages) {
      this.deps.events.message(
        { id: target.conversationId, contactId: target.contactId, channel: target.channel },
        message,
      );
      await sender
        ?.send(
          {
            conversationId: target.conversationId,
            contactId: target.contactId,
            address: target.address,
            locale: target.locale,
          },
          message,
        )
        .catch(() => undefined);
    }
    return messages;
  }
}
