import type { Logger } from "pino";
import type { ConversationService, TurnEvent } from "../conversation/conversationService.js";
import type { RiskLevel } from "../engine/types.js";
import type { ConversationRecord } from "../store/conversationRecord.js";
import type { StatRecord, StatStore } from "../store/statStore.js";
import { dayOf } from "./calendarDay.js";

const RISK_ORDER: readonly RiskLevel[] = ["none", "low", "medium", "high", "urgent"];

/** A stored risk level's rank in RISK_ORDER (-1 for a level the code does not know). */
const rankOf = (level: string) => RISK_ORDER.findIndex((l) => l === level);

/**
 * The anonymous records one stored bot turn gives: a screening completed (with its level and
 * flow), a higher risk level seen in the conversation, a handoff requested (with its priority).
 * Pure: nothing about the person goes in.
 */
export function turnRecords(event: TurnEvent, day: string): StatRecord[] {
  const records: StatRecord[] = [];
  for (const effect of event.effects)
    if (effect.type === "screened")
      records.push({ day, kind: "screening", label: effect.level, detail: effect.flow });
  const before = rankOf(event.before.riskLevel);
  const after = rankOf(event.after.riskLevel);
  if (after > before && after > 0) records.push({ day, kind: "risk", label: event.after.riskLevel });
  if (event.before.status === "bot" && event.after.status === "waiting")
    records.push({ day, kind: "handoff", label: event.after.priority ?? "normal" });
  return records;
}

/** The records of a claim: the wait by priority, and an SLA breach for an urgent chat claimed late. */
export function claimRecords(
  conversation: Pick<ConversationRecord, "priority" | "waitingSince" | "claimedAt">,
  urgentSlaSeconds: number,
  day: string,
): StatRecord[] {
  if (!conversation.waitingSince || !conversation.claimedAt) return [];
  const seconds = Math.max(
    0,
    Math.round((conversation.claimedAt.getTime() - conversation.waitingSince.getTime()) / 1000),
  );
  const priority = conversation.priority ?? "normal";
  const records: StatRecord[] = [{ day, kind: "claim_wait", label: priority, seconds }];
  if (priority === "urgent" && seconds > urgentSlaSeconds)
    records.push({ day, kind: "sla_breach", label: priority });
  return records;
}

export interface StatsRecorderDeps {
  stats: Pick<StatStore, "record" | "countReached">;
  clock: () => Date;
  logger: Logger;
  urgentSlaSeconds: number;
}

/**
 * Contacts this process knows are counted as reached on the day at hand: their conditional
 * update has been tried that day and a later one could only lose (the stored day never moves
 * back). Past this many the set starts again, at the price of one more update per person.
 */
const KNOWN_REACHED_LIMIT = 100_000;

/**
 * Writes the anonymous statistics at the moments that matter: a person reached (once a day),
 * a bot turn (screening, risk, handoff), a claim (wait, SLA breach), a close (outcome), a
 * referral made or moved. A failed write is logged and never fails the person's turn.
 */
export class StatsRecorder {
  private readonly pending = new Set<Promise<void>>();
  /** See KNOWN_REACHED_LIMIT: spares the database a write per message, keeps one per person and day. */
  private readonly knownReached = new Set<string>();
  private knownReachedDay = "";

  constructor(private readonly deps: StatsRecorderDeps) {}

  /** Listens to the conversation service. Returns an unsubscribe. */
  attach(service: Pick<ConversationService, "onMessage" | "onTurn">): () => void {
    const offMessage = service.onMessage((event) => {
      if (event.message.from === "user") this.track(this.reached(event.contactId, event.channel));
    });
    const offTurn = service.onTurn((event) => {
      this.track(this.deps.stats.record(turnRecords(event, this.today())));
    });
    return () => {
      offMessage();
      offTurn();
    };
  }

  claimed(conversation: ConversationRecord): void {
    this.track(this.deps.stats.record(claimRecords(conversation, this.deps.urgentSlaSeconds, this.today())));
  }

  closed(conversation: ConversationRecord): void {
    if (!conversation.outcome) return;
    this.track(this.deps.stats.record([{ day: this.today(), kind: "outcome", label: conversation.outcome }]));
  }

  referralCreated(serviceKind: string): void {
    this.track(this.deps.stats.record([{ day: this.today(), kind: "referral_created", label: serviceKind }]));
  }

  referralMoved(status: string, serviceKind: string): void {
    this.track(
      this.deps.stats.record([
        { day: this.today(), kind: "referral_status", label: status, detail: serviceKind },
      ]),
    );
  }

  /** Resolves once every record asked for so far is written (reports read after it; shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private today(): string {
    return dayOf(this.deps.clock());
  }

  private async reached(contactId: string, channel: string): Promise<void> {
    const day = this.today();
    if (day !== this.knownReachedDay || this.knownReached.size >= KNOWN_REACHED_LIMIT) {
      this.knownReached.clear();
      this.knownReachedDay = day;
    }
    if (this.knownReached.has(contactId)) return;
    // Before the write, so that the person's next message does not write again meanwhile.
    this.knownReached.add(contactId);
    try {
      await this.deps.stats.countReached(contactId, day, channel);
    } catch (err) {
      // Not counted: the person's next message tries again (the failure is logged by track).
      if (this.knownReachedDay === day) this.knownReached.delete(contactId);
      throw err;
    }
  }

  private track(work: Promise<void>): void {
    const done = work
      .catch((err: unknown) =>
        this.deps.logger.error({ err }, "writing an anonymous statistics record failed"),
      )
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }
}
