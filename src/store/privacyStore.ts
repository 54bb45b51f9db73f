import type { Channel } from "../conversation/types.js";
import type { Locale } from "../engine/types.js";
import { toChannel, toLocale } from "./conversationRecord.js";
import type { Prisma, PrismaClient } from "./prisma.js";
import { forgetReferrals } from "./referralStore.js";

/** What was deleted, for counters and logs (numbers only). */
export interface Forgotten {
  conversations: number;
  messages: number;
  notes: number;
}

/** How many rows a retention purge deleted. */
export interface PurgeResult extends Forgotten {
  contacts: number;
}

/** Whom an erasure is about, read before anything is deleted. */
export interface ErasureSubject {
  contactId: string;
  channel: Channel;
  locale: Locale;
  /** The channel address, still sealed (null for web chat or when none was stored). */
  sealedAddress: string | null;
  /** Every conversation of the contact (the console is told each is gone). */
  conversationIds: string[];
}

/** Names of the anonymous counters the privacy work keeps. They hold numbers only, never ids. */
export const COUNTER = {
  erasures: "erasures",
  erasuresOf: (channel: string) => `erasures.${channel}`,
  purgedConversations: "retention.conversations",
  purgedMessages: "retention.messages",
  purgedContacts: "retention.contacts",
} as const;

const NOTHING: PurgeResult = { conversations: 0, messages: 0, notes: 0, contacts: 0 };

/**
 * The deletions privacy asks for, each one transaction: erasing a contact on request, and
 * purging a closed conversation past retention. Anonymous counters are kept in the same
 * transaction, so a crash leaves either everything or nothing.
 */
export class PrivacyStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** The contact of a conversation and what its erasure needs; undefined when it is gone. */
  async erasureSubject(conversationId: string): Promise<ErasureSubject | undefined> {
    const conversation = await this.prisma.conversation.findUnique({
      where: { id: conversationId },
      select: { contactId: true, channel: true, locale: true, contact: { select: { address: true } } },
    });
    if (!conversation) return undefined;
    const { contactId } = conversation;
    const all = await this.prisma.conversation.findMany({ where: { contactId }, select: { id: true } });
    return {
      contactId,
      channel: toChannel(conversation.channel),
      locale: toLocale(conversation.locale),
      sealedAddress: conversation.contact.address,
      conversationIds: all.map((c) => c.id),
    };
  }

  /**
   * Erases a contact: every conversation in `conversationIds` (messages, notes, referral notes),
   * the web sessions and the contact with its encrypted address; counts one erasure on `channel`.
   */
  async eraseContact(
    subject: Pick<ErasureSubject, "contactId" | "channel" | "conversationIds">,
  ): Promise<Forgotten> {
    const { contactId, channel, conversationIds } = subject;
    return this.prisma.$transaction(async (tx) => {
      const forgotten = await forgetConversations(tx, conversationIds);
      await tx.webSession.deleteMany({ where: { contactId } });
      await tx.contact.deleteMany({ where: { id: contactId } });
      await bumpCounters(tx, { [COUNTER.erasures]: 1, [COUNTER.erasuresOf(channel)]: 1 });
      return forgotten;
    });
  }

  /** Closed conversations whose `closedAt` is before `cutoff`, oldest first, except `skip`. */
  async expiredConversations(
    cutoff: Date,
    skip: readonly string[],
    limit: number,
  ): Promise<{ id: string; contactId: string }[]> {
    return this.prisma.conversation.findMany({
      where: { status: "closed", closedAt: { lt: cutoff }, id: { notIn: [...skip] } },
      select: { id: true, contactId: true },
      orderBy: { closedAt: "asc" },
      take: limit,
    });
  }

  /**
   * Purges one closed conversation if it is still closed before `cutoff` (checked inside the
   * transaction: it may have changed since it was listed), then its contact when no
   * conversation is left (with the web sessions and encrypted address); counts what went.
   */
  async purgeConversation(conversationId: string, contactId: string, cutoff: Date): Promise<PurgeResult> {
    return this.prisma.$transaction(async (tx) => {
      const still = await tx.conversation.count({
        where: { id: conversationId, status: "closed", closedAt: { lt: cutoff } },
      });
      if (still === 0) return NOTHING;
      const forgotten = await forgetConversations(tx, [conversationId]);
      let contacts = 0;
      if ((await tx.conversation.count({ where: { contactId } })) === 0) {
        await tx.webSession.deleteMany({ where: { contactId } });
        contacts = (await tx.contact.deleteMany({ where: { id: contactId } })).count;
      }
      await bumpCounters(tx, {
        [COUNTER.purgedConversations]: forgotten.conversations,
        [COUNTER.purgedMessages]: forgotten.messages,
        [COUNTER.purgedContacts]: contacts,
      });
      return { ...forgotten, contacts };
    });
  }
}

/** Adds to anonymous counters inside a transaction (a counter that does not exist starts at 0). */
async function bumpCounters(tx: Prisma.TransactionClient, increments: Record<string, number>): Promise<void> {
  for (const [key, by] of Object.entries(increments)) {
    if (by === 0) continue;
    await tx.counter.upsert({
      where: { key },
      create: { key, value: by },
      update: { value: { increment: by } },
    });
  }
}

/**
 * Deletes conversations with their messages and notes, inside the caller's transaction.
 * Rows are deleted explicitly instead of trusting `ON DELETE CASCADE`, so the result does not
 * depend on SQLite's foreign-key pragma. Audit rows stay (staff accountability) but lose their
 * free-text detail: what remains is an action, a time, a counselor id and a dead conversation id.
 * Referrals lose their notes and their link to the conversation; their anonymous rows stay.
 */
async function forgetConversations(
  tx: Prisma.TransactionClient,
  conversationIds: readonly string[],
): Promise<Forgotten> {
  if (conversationIds.length === 0) return { conversations: 0, messages: 0, notes: 0 };
  const ids = [...conversationIds];
  const messages = await tx.message.deleteMany({ where: { conversationId: { in: ids } } });
  const notes = await tx.note.deleteMany({ where: { conversationId: { in: ids } } });
  await forgetReferrals(tx, ids);
  await tx.auditLog.updateMany({ where: { conversationId: { in: ids } }, data: { detail: null } });
  const conversations = await tx.conversation.deleteMany({ where: { id: { in: ids } } });
  return { conversations: conversations.count, messages: messages.count, notes: notes.count };
}
