import type { Translate } from "../engine/types.js";
import type { ConversationRepository } from "../store/conversationRepository.js";
import { type AlertSink, urgentReminder, urgentUnansweredReminder } from "./counselorAlerts.js";

export interface UrgentReminderDeps {
  conversations: Pick<
    ConversationRepository,
    "overdueUrgent" | "heldUrgent" | "claimReminder" | "awaitingReplySince"
  >;
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
  const { conversations, alerts, t } = deps;
  if (!alerts) return 0;
  const now = deps.clock();
  const deadline = new Date(now.getTime() - deps.urgentSlaSeconds * 1000);
  const minutesSince = (since: Date) => Math.floor((now.getTime() - since.getTime()) / 60_000);
  let sent = 0;
  for (const c of await conversations.overdueUrgent(deadline)) {
    if (!(await conversations.claimReminder(c.id, "waiting", null, now))) continue;
    sent++;
    await alerts.send(
      urgentReminder(t, { channel: c.channel, waitedMinutes: minutesSince(c.waitingSince ?? deadline) }),
    );
  }

  const held = await conversations.heldUrgent();
  const waits = await conversations.awaitingReplySince(held);
  for (const c of held) {
    const since = waits.get(c.id);
    if (!since || since > deadline) continue;
    if (c.slaRemindedAt && c.slaRemindedAt > since) continue; // this stretch was reminded already
    if (!(await conversations.claimReminder(c.id, "active", c.slaRemindedAt, now))) continue;
    sent++;
    await alerts.send(
      urgentUnansweredReminder(t, { channel: c.channel, waitedMinutes: minutesSince(since) }),
    );
  }
  return sent;
}
