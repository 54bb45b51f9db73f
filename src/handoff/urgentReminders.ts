import type { Translate } from "../engine/types.js";
import type { PrismaClient } from "../store/prisma.js";
import { awaitingReplySince } from "../store/replyWait.js";
import { type AlertSink, urgentReminder, urgentUnansweredReminder } from "./counselorAlerts.js";

export interface UrgentReminderDeps {
  prisma: PrismaClient;
  alerts?: AlertSink;
  t: Translate;
  clock: () => Date;
  urgentSlaSeconds: number;
}

/**
 * Sends one reminder per urgent chat left unclaimed past the SLA, and one per stretch in which
 * the person of a held urgent chat wrote and has had no answer for longer than the SLA.
 * Safe to run on several instances: each reminder is claimed by a conditional update.
 * Returns how many were sent.
 */
export async function remindOverdueUrgent(deps: UrgentReminderDeps): Promise<number> {
  const { prisma, alerts, t } = deps;
  if (!alerts) return 0;
  const now = deps.clock();
  const deadline = new Date(now.getTime() - deps.urgentSlaSeconds * 1000);
  const minutesSince = (since: Date) => Math.floor((now.getTime() - since.getTime()) / 60_000);
  const overdue = await prisma.conversation.findMany({
    where: { status: "waiting", priority: "urgent", slaRemindedAt: null, waitingSince: { lte: deadline } },
  });
  let sent = 0;
  for (const c of overdue) {
    const mine = await prisma.conversation.updateMany({
      where: { id: c.id, status: "waiting", slaRemindedAt: null },
      data: { slaRemindedAt: now },
    });
    if (mine.count !== 1) continue;
    sent++;
    await alerts.send(
      urgentReminder(t, { channel: c.channel, waitedMinutes: minutesSince(c.waitingSince!) }),
    );
  }

  const held = await prisma.conversation.findMany({
    where: { status: "active", OR: [{ priority: "urgent" }, { riskLevel: "urgent" }] },
    select: { id: true, channel: true, claimedAt: true, slaRemindedAt: true },
  });
  const waits = await awaitingReplySince(prisma, held);
  for (const c of held) {
    const since = waits.get(c.id);
    if (!since || since > deadline) continue;
    if (c.slaRemindedAt && c.slaRemindedAt > since) continue; // this stretch was reminded already
    const mine = await prisma.conversation.updateMany({
      where: { id: c.id, status: "active", slaRemindedAt: c.slaRemindedAt },
      data: { slaRemindedAt: now },
    });
    if (mine.count !== 1) continue;
    sent++;
    await alerts.send(
      urgentUnansweredReminder(t, { channel: c.channel, waitedMinutes: minutesSince(since) }),
    );
  }
  return sent;
}
