import { z } from "zod";
import { type SqlDriver, sql } from "./sqlDriver.js";

/** The kinds of anonymous statistics records. */
export const STAT_KINDS = [
  "reached",
  "screening",
  "risk",
  "handoff",
  "claim_wait",
  "sla_breach",
  "outcome",
  "referral_created",
  "referral_status",
] as const;
export type StatKind = (typeof STAT_KINDS)[number];
const statKind = z.enum(STAT_KINDS);

/**
 * One anonymous record: what happened and on which day (Asia/Ho_Chi_Minh), never who, never
 * a finer time. `label` is the level, priority, outcome, kind or status; `detail` a second one
 * (the screening's flow, the referral's service kind); `seconds` a claim wait.
 */
export interface StatRecord {
  day: string;
  kind: StatKind;
  channel?: string | null;
  label?: string | null;
  detail?: string | null;
  seconds?: number | null;
}

function insertRecords(records: readonly StatRecord[]) {
  const values = records.map(() => "(?,?,?,?,?,?)").join(",");
  return sql(
    `INSERT INTO "StatEvent" ("day","kind","channel","label","detail","seconds") VALUES ${values}`,
    ...records.flatMap((r) => [
      r.day,
      r.kind,
      r.channel ?? null,
      r.label ?? null,
      r.detail ?? null,
      r.seconds ?? null,
    ]),
  );
}

/**
 * Anonymous statistics: written at the moments that matter (a person's message among them, so
 * through prepared statements, see sqlDriver.ts), read by the reports.
 */
export class StatStore {
  constructor(private readonly db: SqlDriver) {}

  async record(records: readonly StatRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.query(insertRecords(records));
  }

  /**
   * Counts a contact as reached on `day` through `channel`: marks the contact and writes the
   * "reached" record in one transaction, only the first time that day (across instances: the
   * conditional update lets one writer win), so each person counts once a day and a mark never
   * stands without its record. True when this call counted them.
   */
  countReached(contactId: string, day: string, channel: string): Promise<boolean> {
    return this.db.transaction(function* () {
      const won = yield sql(
        `UPDATE "Contact" SET "reachedOn" = ? WHERE "id" = ? AND ("reachedOn" IS NULL OR "reachedOn" < ?) RETURNING "id"`,
        day,
        contactId,
        day,
      );
      if (won.length !== 1) return false;
      yield insertRecords([{ day, kind: "reached", channel }]);
      return true;
    });
  }

  /** Every record from `from` to `to` (days, both included). */
  async between(from: string, to: string): Promise<StatRecord[]> {
    const rows = await this.db.query(
      sql(
        `SELECT "day","kind","channel","label","detail","seconds" FROM "StatEvent" WHERE "day" >= ? AND "day" <= ? ORDER BY "id" ASC`,
        from,
        to,
      ),
    );
    return rows.map((r) => ({
      day: r.day as string,
      kind: statKind.parse(r.kind),
      channel: (r.channel as string | null) ?? null,
      label: (r.label as string | null) ?? null,
      detail: (r.detail as string | null) ?? null,
      seconds: r.seconds == null ? null : Number(r.seconds),
    }));
  }
}
