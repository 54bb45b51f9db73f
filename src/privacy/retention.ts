import type { PrismaClient } from "../store/prisma.js";
import { bumpCounters, COUNTER } from "./counters.js";
import { forgetConversations } from "./forgetConversations.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** How many rows a retention run deleted. */
export interface PurgeResult {
  conversations: number;
  messages: number;
  notes: number;
  contacts: number;
}

export interface PurgeOptions {
  now: Date;
  retentionDays: number;
  /** Conversations looked up per round; each is deleted in its own short transaction. */
  batchSize?: number;
  /**
   * Runs a deletion after any turn in progress for that conversation's contact
   * (`service.withConversationLock` in the server); the CLI runs without one.
   */
  lock?: <T>(conversationId: string, task: () => Promise<T>) => Promise<T>;
}

/** The moment before which a closed conversation is purged. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Deletes closed conversations whose `closedAt` is older than `retentionDays` (messages, notes
 * and the conversation), then the contact when it has no conversation left (with its web
 * sessions and encrypted address). Open conversations are never touched. Anonymous counters
 * are kept and count what was purged.
 */
export async function purgeExpiredConversations(
  prisma: PrismaClient,
  options: PurgeOptions,
): Promise<PurgeResult> {
  const cutoff = retentionCutoff(options.now, options.retentionDays);
  const batchSize = options.batchSize ?? 200;
  const lock = options.lock ?? (<T>(_id: string, task: () => Promise<T>) => task());
  const total: PurgeResult = { conversations: 0, messages: 0, notes: 0, contacts: 0 };
  const skipped = new Set<string>();
  for (;;) {
    const batch = await prisma.conversation.findMany({
      where: { status: "closed", closedAt: { lt: cutoff }, id: { notIn: [...skipped] } },
      select: { id: true, contactId: true },
      orderBy: { closedAt: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return total;
    for (const { id, contactId } of batch) {
      const done = await lock(id, () => purgeOne(prisma, id, contactId, cutoff)).catch(() => undefined);
      if (!done) {
        // Gone meanwhile (erased by its owner) or failing: do not loop on it.
        skipped.add(id);
        continue;
      }
      total.conversations += done.conversations;
      total.messages += done.messages;
      total.notes += done.notes;
      total.contacts += done.contacts;
      if (done.conversations === 0) skipped.add(id);
    }
  }
}

async function purgeOne(
  prisma: PrismaClient,
  conversationId: string,
  contactId: string,
  cutoff: Date,
): Promise<PurgeResult> {
  return prisma.$transaction(async (tx) => {
    // Checked again inside the transaction: the row may have changed since the batch was read.
    const still = await tx.conversation.count({
      where: { id: conversationId, status: "closed", closedAt: { lt: cutoff } },
    });
    if (still === 0) return { conversations: 0, messages: 0, notes: 0, contacts: 0 };
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
