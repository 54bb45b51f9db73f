import type { Logger } from "pino";
import type { ConversationService } from "../conversation/conversationService.js";
import type { ConversationStatus } from "../conversation/types.js";
import type { Translate } from "../engine/types.js";
import { FoldedRuns } from "../realtime/foldedRuns.js";
import { type ConversationRecord, toConversation } from "../store/conversationRecord.js";
import type { QueueReads } from "../store/queueReads.js";
import { type AlertSink, newWaitingAlert } from "./counselorAlerts.js";
import type { QueueDesk } from "./queueDesk.js";
import type { QueuePlaces } from "./queuePlaces.js";
import { queueUpdate, whereaboutsOf } from "./userMessages.js";
import { isMeaningfulChange, type Told } from "./waitEstimate.js";

/** Waiting people's places are looked at again at most this often (ms). */
const PASS_EVERY_MS = 250;

export interface QueueWatcherDeps {
  conversations: Pick<QueueReads, "queue" | "find" | "countWaiting">;
  service: ConversationService;
  desk: QueueDesk;
  places: QueuePlaces;
  t: Translate;
  clock: () => Date;
  logger: Logger;
  alerts?: AlertSink;
}

/**
 * Watches status changes: alerts the counselors when a chat enters the queue, and re-tells
 * waiting people their place when it changed meaningfully (one pass at a time, at most every 250 ms).
 */
export class QueueWatcher {
  /** Last status seen per conversation, to alert only when a chat enters the queue. */
  private readonly lastStatus = new Map<string, ConversationStatus>();
  /** Position passes: one at a time, at most every PASS_EVERY_MS, changes meanwhile folded in. */
  private readonly passes: FoldedRuns;

  constructor(private readonly deps: QueueWatcherDeps) {
    this.passes = new FoldedRuns(
      () => this.tellPositions(),
      PASS_EVERY_MS,
      (err: unknown) => deps.logger.error({ err }, "queue position update failed"),
    );
  }

  /** Starts listening to the conversation service. Returns a stop function. */
  attach(): () => void {
    return this.deps.service.onStatus((c) => this.statusChanged(toConversation(c)));
  }

  private statusChanged(conversation: ConversationRecord): void {
    const before = this.lastStatus.get(conversation.id);
    const now = conversation.status;
    if (now === "closed" || now === "bot") this.lastStatus.delete(conversation.id);
    else this.lastStatus.set(conversation.id, now);
    if (now === "waiting" && before !== "waiting") void this.alertNewWaiting(conversation);
    if (now !== "waiting") this.deps.desk.forget(conversation.id);
    this.refreshPositions();
  }

  /** Re-tells waiting users their place when it changed meaningfully. Serialized. */
  refreshPositions(): void {
    this.passes.request();
  }

  /** Resolves when position updates scheduled so far are sent (tests, shutdown). */
  settled(): Promise<void> {
    return this.passes.settled();
  }

  private async tellPositions(): Promise<void> {
    const { desk, places, service, t, conversations } = this.deps;
    const queue = await conversations.queue();
    const estimateAt = await places.estimator();
    for (const [index, entry] of queue.entries()) {
      const before = desk.toldOf(entry.id);
      if (!before) continue; // told in the user's own turn; a restart does not re-tell
      const after: Told = { position: index + 1, estimate: estimateAt(index + 1) };
      if (!isMeaningfulChange(before, after)) continue;
      desk.remember(entry.id, after);
      const row = await conversations.find(entry.id);
      const location = whereaboutsOf(row ? service.readState(row).vars : undefined);
      await service.sendToUser(
        entry.id,
        queueUpdate(t, entry.locale, after.position, after.estimate, location),
        "system",
      );
    }
  }

  private async alertNewWaiting(conversation: ConversationRecord): Promise<void> {
    const { alerts, clock, conversations, t } = this.deps;
    if (!alerts) return;
    const queued = await conversations.countWaiting();
    const since = conversation.waitingSince ?? clock();
    await alerts.send(
      newWaitingAlert(t, {
        priority: conversation.priority ?? "normal",
        channel: conversation.channel,
        waitedMinutes: Math.max(0, Math.floor((clock().getTime() - since.getTime()) / 60_000)),
        queued,
      }),
    );
  }
}
