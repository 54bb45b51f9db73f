import type { Conversation, Message, Prisma, PrismaClient } from "./prisma.js";

/** The conversation changed under a turn (another instance claimed or closed it): run the turn again. */
export class StaleConversationError extends Error {
  override name = "StaleConversationError";
}

/** The inbound message was processed meanwhile, by another instance: nothing more to do. */
export class AlreadyProcessedError extends Error {
  override name = "AlreadyProcessedError";
}

/** An outbound message row as the outbox builds it (see Outbox.outboundRow). */
export type OutboundRow = Prisma.MessageUncheckedCreateInput;

/** The columns a bot turn writes on its conversation. */
export type TurnChanges = Pick<
  Conversation,
  | "state"
  | "locale"
  | "status"
  | "priority"
  | "riskLevel"
  | "riskIndicators"
  | "waitingSince"
  | "handoffReason"
  | "lastUserAt"
  | "version"
  | "updatedAt"
>;

/**
 * Marks an inbound message processed inside the turn's transaction, only if nobody did yet:
 * recovery on one instance and a live turn on another can never both answer it.
 */
async function markProcessed(tx: Prisma.TransactionClient, messageId: number): Promise<void> {
  const marked = await tx.message.updateMany({
    where: { id: messageId, delivery: "received" },
    data: { delivery: "processed" },
  });
  if (marked.count !== 1) throw new AlreadyProcessedError();
}

/**
 * Stores one bot turn in one transaction: the conversation write (conditional on the version
 * the turn read; a claim or close by another instance since then wins and the write throws
 * StaleConversationError), the contact's locale, the inbound message marked processed (throws
 * AlreadyProcessedError when another instance did it first), and the outbound rows.
 */
export async function storeTurn(
  prisma: PrismaClient,
  turn: { read: Conversation; changes: TurnChanges; inboundId: number; outbound: OutboundRow[] },
): Promise<{ updated: Conversation; stored: Message[] }> {
  const { read, changes } = turn;
  return prisma.$transaction(async (tx) => {
    const written = await tx.conversation.updateMany({
      where: { id: read.id, version: read.version },
      data: changes,
    });
    if (written.count !== 1) throw new StaleConversationError();
    // The versioned write succeeded, so the row is exactly the old one with these changes.
    const updated: Conversation = { ...read, ...changes };
    if (changes.locale !== read.locale)
      await tx.contact.update({ where: { id: read.contactId }, data: { locale: changes.locale } });
    await markProcessed(tx, turn.inboundId);
    const stored =
      turn.outbound.length === 0
        ? []
        : (await tx.message.createManyAndReturn({ data: turn.outbound })).sort((a, b) => a.id - b.id);
    return { updated, stored };
  });
}

/**
 * Stores a turn relayed to the counselor who holds the chat: the risk seen and the time the
 * person wrote, the inbound message marked processed, and what the system says back (if anything).
 */
export async function storeRelayedTurn(
  prisma: PrismaClient,
  turn: {
    conversationId: string;
    changes: Pick<Conversation, "lastUserAt" | "riskLevel" | "riskIndicators" | "priority">;
    inboundId: number;
    outbound: OutboundRow[];
  },
): Promise<Message[]> {
  return prisma.$transaction(async (tx) => {
    await markProcessed(tx, turn.inboundId);
    await tx.conversation.update({ where: { id: turn.conversationId }, data: turn.changes });
    return Promise.all(turn.outbound.map((data) => tx.message.create({ data })));
  });
}
