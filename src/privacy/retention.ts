import type { PrivacyStore, PurgeResult } from "../store/privacyStore.js";

export type { PurgeResult };

const DAY_MS = 24 * 60 * 60 * 1000;

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
  privacy: PrivacyStore,
  options: PurgeOptions,
): Promise<PurgeResult> {
  const cutoff = retentionCutoff(options.now, options.retentionDays);
  const batchSize = options.batchSize ?? 200;
  const lock = options.lock ?? (<T>(_id: string, task: () => Promise<T>) => task());
  const total: PurgeResult = { conversations: 0, messages: 0, notes: 0, contacts: 0 };
  const skipped = new Set<string>();
  for (;;) {
    const batch = await privacy.expiredConversations(cutoff, [...skipped], batchSize);
    if (batch.length === 0) return total;
    for (const { id, contactId } of batch) {
      const done = await lock(id, () => privacy.purgeConversation(id, contactId, cutoff)).catch(
        () => undefined,
      );
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
