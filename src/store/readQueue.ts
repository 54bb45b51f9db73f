import type { Channel } from "../conversation/types.js";
import type { Locale, Priority, RiskLevel } from "../engine/types.js";
import { inQueueOrder } from "../handoff/queueOrder.js";
import type { QueueEntry } from "../shared/consoleDto.js";
import type { PrismaClient } from "./prisma.js";

export type { QueueEntry };

/** The waiting conversations in queue order: priority, then longest wait. */
export async function readQueue(prisma: PrismaClient): Promise<QueueEntry[]> {
  const rows = await prisma.conversation.findMany({
    where: { status: "waiting" },
    include: { contact: { select: { handle: true } } },
  });
  return inQueueOrder(rows.map((r) => ({ ...r, priority: (r.priority ?? "normal") as Priority }))).map(
    (r) => ({
      id: r.id,
      priority: r.priority,
      channel: r.channel as Channel,
      waitingSince: (r.waitingSince ?? r.updatedAt).toISOString(),
      handle: r.contact.handle,
      locale: r.locale as Locale,
      risk: { level: r.riskLevel as RiskLevel, indicators: JSON.parse(r.riskIndicators) as string[] },
    }),
  );
}
