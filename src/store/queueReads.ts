// The reads of the waiting queue that a person's message can cause (their place and wait when they
// ask for a counselor or write while waiting; the queue watcher's pass after status changes, at
// most every 250 ms): prepared statements on the store's own connection (see sqlDriver.ts).
import type { Queued } from "../handoff/queueOrder.js";
import { inQueueOrder, rankOf } from "../handoff/queueOrder.js";
import type { QueueEntry } from "../shared/consoleDto.js";
import {
  type ConversationRecord,
  indicatorsOf,
  toChannel,
  toConversation,
  toLocale,
  toPriority,
  toRiskLevel,
} from "./conversationRecord.js";
import { type SqlDriver, sql, toDateOrNull } from "./sqlDriver.js";
import { toConversation as toStoredConversation } from "./turnStore.js";

export type { QueueEntry };

/** A waiting conversation without a waiting time sorts as if it had waited since 1970. */
const EPOCH = new Date(0);

/** The waiting queue, the recent handling times and the counselors' seats, as the handoff reads them. */
export class QueueReads {
  constructor(private readonly db: SqlDriver) {}

  /**
   * The waiting conversations in queue order (priority, then longest wait), as the console lists
   * them. Only the columns the list shows are read: the watcher and the console read the whole
   * queue after status changes, and the rest of a row (the sealed engine state above all) was most
   * of what their passes allocated.
   */
  async queue(): Promise<QueueEntry[]> {
    const rows = await this.db.query(
      sql(
        `SELECT "Conversation"."id", "Conversation"."channel", "Conversation"."priority", "Conversation"."riskLevel",
           "Conversation"."riskIndicators", "Conversation"."locale", "Conversation"."waitingSince",
           "Conversation"."updatedAt", "Contact"."handle" AS "contactHandle"
         FROM "Conversation" JOIN "Contact" ON "Contact"."id" = "Conversation"."contactId"
         WHERE "Conversation"."status" = 'waiting'`,
      ),
    );
    const waiting = rows.map((row) => ({
      id: row.id as string,
      channel: toChannel(row.channel as string),
      priority: toPriority((row.priority as string | null) ?? null),
      riskLevel: toRiskLevel(row.riskLevel as string),
      riskIndicators: row.riskIndicators as string,
      locale: toLocale(row.locale as string),
      waitingSince: toDateOrNull(row.waitingSince),
      updatedAt: toDateOrNull(row.updatedAt)!,
      handle: row.contactHandle as string,
    }));
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

  /**
   * The 1-based place of `item` among the waiting conversations, in queue order (compareQueued:
   * urgent, high, then normal or anything else; then the longest wait, no time counting as the
   * earliest; then the id), counted in the database: a new person in a long queue no longer reads
   * every waiting row.
   */
  async placeOf(item: Queued): Promise<number> {
    const rank = `(CASE "priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END)`;
    const mine = rankOf(item.priority);
    const since = item.waitingSince ?? EPOCH;
    // The queue order as one row-value comparison (lexicographic on both databases): half the
    // cost per waiting row of the same order spelt out with OR (measured with 4,500 waiting).
    const [row] = await this.db.query(
      sql(
        `SELECT COUNT(*) AS "ahead" FROM "Conversation"
         WHERE "status" = 'waiting' AND "id" <> ?
           AND (${rank}, COALESCE("waitingSince", ?), "id") < (?, ?, ?)`,
        item.id,
        EPOCH,
        mine,
        since,
        item.id,
      ),
    );
    return Number(row?.ahead ?? 0) + 1;
  }

  async countWaiting(): Promise<number> {
    const [row] = await this.db.query(
      sql(`SELECT COUNT(*) AS "waiting" FROM "Conversation" WHERE "status" = 'waiting'`),
    );
    return Number(row?.waiting ?? 0);
  }

  /** The conversation with this id, parsed; undefined when it does not exist (any more). */
  async find(id: string): Promise<ConversationRecord | undefined> {
    const [row] = await this.db.query(sql(`SELECT * FROM "Conversation" WHERE "id" = ?`, id));
    return row ? toConversation(toStoredConversation(row)) : undefined;
  }

  /** The contact's conversation in the queue or with a counselor, if any (the newest): a person typing shows to the console. */
  async handedOffOf(
    contactId: string,
  ): Promise<{ id: string; status: "waiting" | "active"; assignedTo: string | null } | undefined> {
    const [row] = await this.db.query(
      sql(
        `SELECT "id","status","assignedTo" FROM "Conversation" WHERE "contactId" = ? AND "status" IN ('waiting','active')
         ORDER BY "createdAt" DESC LIMIT 1`,
        contactId,
      ),
    );
    return row
      ? {
          id: row.id as string,
          status: row.status as "waiting" | "active",
          assignedTo: (row.assignedTo as string | null) ?? null,
        }
      : undefined;
  }

  /** How long the last `limit` chats closed since `since` were held, in minutes, newest first. */
  async handlingMinutes(since: Date, limit: number): Promise<number[]> {
    const rows = await this.db.query(
      sql(
        `SELECT "claimedAt","closedAt" FROM "Conversation" WHERE "closedAt" >= ? AND "claimedAt" IS NOT NULL
         ORDER BY "closedAt" DESC LIMIT ?`,
        since,
        limit,
      ),
    );
    return rows.flatMap((r) => {
      const claimedAt = toDateOrNull(r.claimedAt);
      const closedAt = toDateOrNull(r.closedAt);
      return claimedAt && closedAt ? [(closedAt.getTime() - claimedAt.getTime()) / 60_000] : [];
    });
  }

  /** Chats the available, enabled counselors can hold at once, together. */
  async availableSeats(): Promise<number> {
    const [row] = await this.db.query(
      sql(
        `SELECT SUM("maxChats") AS "seats" FROM "Counselor" WHERE "available" = ? AND "disabled" = ?`,
        true,
        false,
      ),
    );
    return Number(row?.seats ?? 0);
  }

  /** Whether any enabled counselor is marked available now. */
  async anyAvailable(): Promise<boolean> {
    const rows = await this.db.query(
      sql(`SELECT "id" FROM "Counselor" WHERE "available" = ? AND "disabled" = ? LIMIT 1`, true, false),
    );
    return rows.length > 0;
  }
}
