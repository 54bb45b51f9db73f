import type { Channel, ConversationStatus } from "../conversation/types.js";
import { toChannel, toStatus } from "./conversationRecord.js";
import type { PrismaClient } from "./prisma.js";

/** What the console needs to pass a counselor's typing signal on. */
export interface TypingConversation {
  channel: Channel;
  status: ConversationStatus;
  assignedTo: string | null;
  contactId: string;
  /** The reply address, still encrypted (decrypt only when a signal goes out). */
  encryptedAddress: string | null;
}

/** The conversation a counselor is typing in, or undefined when it does not exist (any more). */
export async function typingConversationOf(
  prisma: PrismaClient,
  conversationId: string,
): Promise<TypingConversation | undefined> {
  const row = await prisma.conversation.findUnique({
    where: { id: conversationId },
    select: {
      channel: true,
      status: true,
      assignedTo: true,
      contactId: true,
      contact: { select: { address: true, blocked: true } },
    },
  });
  if (!row) return undefined;
  return {
    channel: toChannel(row.channel),
    status: toStatus(row.status),
    assignedTo: row.assignedTo,
    contactId: row.contactId,
    // A person who blocked the bot gets nothing, not even a typing signal.
    encryptedAddress: row.contact.blocked ? null : row.contact.address,
  };
}
