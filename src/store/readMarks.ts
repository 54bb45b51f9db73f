import type { PrismaClient } from "./prisma.js";

/**
 * Records that a counselor has read a conversation up to message `upTo` (only ever forward: an
 * older mark from a slow tab does not bring back what was read).
 */
export async function markRead(
  prisma: PrismaClient,
  counselorId: string,
  conversationId: string,
  upTo: number,
): Promise<void> {
  const moved = await prisma.readMark.updateMany({
    where: { counselorId, conversationId, lastReadId: { lt: upTo } },
    data: { lastReadId: upTo },
  });
  if (moved.count > 0) return;
  try {
    await prisma.readMark.create({ data: { counselorId, conversationId, lastReadId: upTo } });
  } catch {
    // It exists already (at or past `upTo`, or created at the same moment by another tab): nothing to do.
  }
}

/**
 * Per held conversation, how many of the person's messages this counselor has not read: those
 * after their read mark, or, without one, those since the chat was claimed (a transfer starts
 * anew). Two small queries per chat; a counselor holds a handful at a time.
 */
export async function unreadCounts(
  prisma: PrismaClient,
  counselorId: string,
  conversations: ReadonlyArray<{ id: string; claimedAt: Date | null }>,
): Promise<Map<string, number>> {
  const marks = await prisma.readMark.findMany({
    where: { counselorId, conversationId: { in: conversations.map((c) => c.id) } },
    select: { conversationId: true, lastReadId: true },
  });
  const lastRead = new Map(marks.map((m) => [m.conversationId, m.lastReadId] as const));
  const counts = new Map<string, number>();
  await Promise.all(
    conversations.map(async (c) => {
      const mark = lastRead.get(c.id);
      const count = await prisma.message.count({
        where: {
          conversationId: c.id,
          sender: "user",
          ...(mark !== undefined
            ? { id: { gt: mark } }
            : c.claimedAt
              ? { createdAt: { gt: c.claimedAt } }
              : {}),
        },
      });
      counts.set(c.id, count);
    }),
  );
  return counts;
}

/** Who may read a conversation: its status and holder, or undefined when it does not exist. */
export async function readerAccessOf(
  prisma: PrismaClient,
  conversationId: string,
): Promise<{ status: string; assignedTo: string | null } | undefined> {
  const row = await prisma.conversation.findUnique({
    where: { id: conversationId },
    select: { status: true, assignedTo: true },
  });
  return row ?? undefined;
}

/** Read marks of counselors (table `ReadMark`): what each has read of each chat. */
export class ReadMarkRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** See markRead. */
  markRead(counselorId: string, conversationId: string, upTo: number): Promise<void> {
    return markRead(this.prisma, counselorId, conversationId, upTo);
  }

  /** See unreadCounts. */
  unreadCounts(
    counselorId: string,
    conversations: ReadonlyArray<{ id: string; claimedAt: Date | null }>,
  ): Promise<Map<string, number>> {
    return unreadCounts(this.prisma, counselorId, conversations);
  }
}
