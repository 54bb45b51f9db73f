import { z } from "zod";
import type { PrismaClient } from "./prisma.js";

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

/** Anonymous statistics: written at the moments that matter, read by the reports. */
export class StatStore {
  constructor(private readonly prisma: PrismaClient) {}

  async record(records: readonly StatRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.prisma.statEvent.createMany({
      data: records.map((r) => ({
        day: r.day,
        kind: r.kind,
        channel: r.channel ?? null,
        label: r.label ?? null,
        detail: r.detail ?? null,
        seconds: r.seconds ?? null,
      })),
    });
  }

  /**
   * Marks a contact as counted on `day`; true only the first time that day (across instances:
   * the conditional update lets one writer win), so each person counts once a day.
   */
  async markReached(contactId: string, day: string): Promise<boolean> {
    const won = await this.prisma.contact.updateMany({
      where: { id: contactId, OR: [{ reachedOn: null }, { reachedOn: { lt: day } }] },
      data: { reachedOn: day },
    });
    return won.count === 1;
  }

  /** Every record from `from` to `to` (days, both included). */
  async between(from: string, to: string): Promise<StatRecord[]> {
    const rows = await this.prisma.statEvent.findMany({
      where: { day: { gte: from, lte: to } },
      select: { day: true, kind: true, channel: true, label: true, detail: true, seconds: true },
      orderBy: { id: "asc" },
    });
    return rows.map((r) => ({ ...r, kind: statKind.parse(r.kind) }));
  }
}
