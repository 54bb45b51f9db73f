import type { PrismaClient } from "./prisma.js";

/**
 * Since when each held conversation has been waiting for a counselor's answer, or nothing when
 * the counselor spoke last: the first user message after the last counselor message, and never
 * earlier than the claim (a claim or transfer starts the new counselor's clock). Portable queries
 * only (no SQL dialect), two small lookups per chat: a counselor holds a handful at a time.
 */
export async function awaitingReplySince(
  prisma: PrismaClient,
  conversations: ReadonlyArray<{ id: string; claimedAt: Date | null }>,
): Promise<Map<string, Date>> {
  const result = new Map<string, Date>();
  await Promise.all(
    conversations.map(async (c) => {
      const lastCounselor = await prisma.message.findFirst({
        where: { conversationId: c.id, sender: "counselor" },
        orderBy: { id: "desc" },
        select: { id: true },
      });
      const firstUser = await prisma.message.findFirst({
        where: {
          conversationId: c.id,
          sender: "user",
          ...(lastCounselor ? { id: { gt: lastCounselor.id } } : {}),
        },
        orderBy: { id: "asc" },
        select: { createdAt: true },
      });
      if (!firstUser) return;
      const since =
        c.claimedAt && c.claimedAt.getTime() > firstUser.createdAt.getTime()
          ? c.claimedAt
          : firstUser.createdAt;
      result.set(c.id, since);
    }),
  );
  return result;
}
