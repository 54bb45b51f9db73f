import type { Prisma } from "../store/prisma.js";
import { forgetReferrals } from "../store/referralStore.js";

/** What was deleted, for counters and logs (numbers only). */
export interface Forgotten {
  conversations: number;
  messages: number;
  notes: number;
}

/**
 * Deletes conversations with their messages and notes, inside the caller's transaction.
 * Rows are deleted explicitly instead of trusting `ON DELETE CASCADE`, so the result does not
 * depend on SQLite's foreign-key pragma. Audit rows stay (staff accountability) but lose their
 * free-text detail: what remains is an action, a time, a counselor id and a dead conversation id.
 * Referrals lose their notes and their link to the conversation; their anonymous rows stay.
 */
export async function forgetConversations(
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
