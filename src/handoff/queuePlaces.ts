import type { PrismaClient } from "../store/prisma.js";
import { positionIn, type Queued } from "./queueOrder.js";
import { estimateWait, type Told, type WaitEstimate } from "./waitEstimate.js";

const HANDLING_SAMPLES = 30;
const HANDLING_WINDOW_DAYS = 14;

/** Where a waiting chat stands in the queue, and how long the wait may be. */
export class QueuePlaces {
  constructor(private readonly deps: { prisma: PrismaClient; clock: () => Date }) {}

  /** Place and estimate of a waiting conversation among all waiting ones. */
  async placeOf(item: Queued): Promise<Told> {
    const waiting = await this.deps.prisma.conversation.findMany({
      where: { status: "waiting" },
      select: { id: true, priority: true, waitingSince: true },
    });
    const position = positionIn(item, waiting as Queued[]);
    return { position, estimate: await this.estimateFor(position) };
  }

  /** The wait at `position`, from recent handling times and the counselors available now. */
  async estimateFor(position: number): Promise<WaitEstimate> {
    const { prisma, clock } = this.deps;
    const since = new Date(clock().getTime() - HANDLING_WINDOW_DAYS * 86_400_000);
    const [recent, available] = await Promise.all([
      prisma.conversation.findMany({
        where: { closedAt: { gte: since }, claimedAt: { not: null } },
        orderBy: { closedAt: "desc" },
        take: HANDLING_SAMPLES,
        select: { claimedAt: true, closedAt: true },
      }),
      prisma.counselor.aggregate({ where: { available: true, disabled: false }, _sum: { maxChats: true } }),
    ]);
    return estimateWait({
      position,
      recentHandlingMinutes: recent.map((r) => (r.closedAt!.getTime() - r.claimedAt!.getTime()) / 60_000),
      capacity: available._sum.maxChats ?? 0,
    });
  }

  /** Whether any counselor is marked available now. */
  async counselorAvailable(): Promise<boolean> {
    return (await this.deps.prisma.counselor.count({ where: { available: true, disabled: false } })) > 0;
  }
}
