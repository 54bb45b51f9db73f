import { inQueueOrder } from "../handoff/queueOrder.js";
import type { QueueEntry } from "../shared/consoleDto.js";
import { indicatorsOf, toConversation } from "./conversationRecord.js";
import type { PrismaClient } from "./prisma.js";

export type { QueueEntry };

/** The waiting conversations in queue order: priority, then longest wait. */
export async function readQueue(prisma: PrismaClient): Promise<QueueEntry[]> {
  const rows = await prisma.conversation.findMany({
    where: { status: "waiting" },
    include: { contact: { select: { handle: true } } },
  });
  const waiting = rows.map(({ contact, ...row }) => ({ ...toConversation(row), handle: contact.handle }));
  return inQueueOrder(waiting).map((c) => ({
    id: c.id,
    priority: c.priority ?? "normal",
    channel: c.channel,
    waitingSince: (c.waitingSince ?? c.updatedAt).toISOString(),
    handle: c.handle,
    locale: c.locale,
    risk: { level: c.riskLevel, indicators: indicatorsOf(c) },
  }));
}
