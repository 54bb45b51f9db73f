import { CHANNELS } from "../conversation/types.js";
import type { ReferralStatus } from "../referrals/referralStatus.js";
import type { ReferralFigure } from "../store/referralStore.js";
import type { StatRecord } from "../store/statStore.js";
import { daysBetween } from "./calendarDay.js";

/** The programme's target: 70 % of victims given the services they need (CONTENT.md, pilot model). */
export const PROGRAMME_TARGET_RATE = 0.7;

const PRIORITIES = ["urgent", "high", "normal"] as const;
const RISKS = ["urgent", "high", "medium", "low"] as const;

/** Nearest-rank percentile of `values` (null when there are none). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A flow id as a report key: `job_check` → `jobCheck`. */
export function screeningKey(flow: string): string {
  return flow.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const count = (records: readonly StatRecord[], kind: string, label?: string) =>
  records.filter((r) => r.kind === kind && (label === undefined || r.label === label)).length;

function tally(values: readonly (string | null | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) if (v) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function waitsOf(records: readonly StatRecord[]) {
  const waits = records.filter((r) => r.kind === "claim_wait" && typeof r.seconds === "number");
  const secondsOf = (list: readonly StatRecord[]) => list.map((r) => r.seconds as number);
  return {
    claimSeconds: { p50: percentile(secondsOf(waits), 50), p90: percentile(secondsOf(waits), 90) },
    slaBreaches: count(records, "sla_breach"),
    byPriority: Object.fromEntries(
      PRIORITIES.map((p) => {
        const mine = secondsOf(waits.filter((r) => r.label === p));
        return [p, { claimed: mine.length, p50: percentile(mine, 50), p90: percentile(mine, 90) }];
      }),
    ) as Record<(typeof PRIORITIES)[number], { claimed: number; p50: number | null; p90: number | null }>,
  };
}

/** The figures of the whole period (the JSON of `GET /console/api/reports`). */
export function buildReport(
  from: string,
  to: string,
  records: readonly StatRecord[],
  referrals: readonly ReferralFigure[],
) {
  const reachedBy = Object.fromEntries(
    CHANNELS.map((c) => [c, records.filter((r) => r.kind === "reached" && r.channel === c).length]),
  ) as Record<(typeof CHANNELS)[number], number>;
  const screenings: Record<string, { completed: number; byLevel: Record<string, number> }> = {
    jobCheck: { completed: 0, byLevel: {} },
    needHelp: { completed: 0, byLevel: {} },
  };
  for (const r of records) {
    if (r.kind !== "screening" || !r.detail || !r.label) continue;
    const key = screeningKey(r.detail);
    const entry = screenings[key] ?? { completed: 0, byLevel: {} };
    screenings[key] = entry;
    entry.completed++;
    entry.byLevel[r.label] = (entry.byLevel[r.label] ?? 0) + 1;
  }
  const byStatus = tally(referrals.map((r) => r.status)) as Partial<Record<ReferralStatus, number>>;
  const supported = byStatus.supported ?? 0;
  return {
    from,
    to,
    reached: { total: count(records, "reached"), byChannel: reachedBy },
    screenings,
    risk: Object.fromEntries(RISKS.map((level) => [level, count(records, "risk", level)])) as Record<
      (typeof RISKS)[number],
      number
    >,
    handoffs: {
      total: count(records, "handoff"),
      byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, count(records, "handoff", p)])) as Record<
        (typeof PRIORITIES)[number],
        number
      >,
    },
    waits: waitsOf(records),
    outcomes: tally(records.filter((r) => r.kind === "outcome").map((r) => r.label)),
    referrals: {
      total: referrals.length,
      byKind: tally(referrals.map((r) => r.serviceKind)),
      byStatus,
      supportedRate: referrals.length === 0 ? null : supported / referrals.length,
      funnel: {
        referred: referrals.length,
        contacted: referrals.filter((r) => r.contacted).length,
        supported,
      },
      target: PROGRAMME_TARGET_RATE,
    },
    days: dailyFigures(from, to, records),
  };
}

export type Report = ReturnType<typeof buildReport>;

/** One row of figures per day (the CSV and the page's charts). Cells are counts unless named seconds. */
export interface DayRow {
  day: string;
  counts: Record<string, number>;
  claimP50: number | null;
  claimP90: number | null;
}

/** The count columns of a day row, in CSV order (outcome columns follow, one per outcome id). */
export const DAY_COUNT_COLUMNS = [
  "reached_total",
  ...CHANNELS.map((c) => `reached_${c}`),
  "screenings_job_check",
  "screenings_need_help",
  ...RISKS.map((r) => `risk_${r}`),
  "handoffs_total",
  ...PRIORITIES.map((p) => `handoffs_${p}`),
  "sla_breaches",
  "referrals_created",
  "referrals_contacted",
  "referrals_supported",
  "referrals_declined",
  "referrals_lost",
] as const;

/** Per-day figures from the anonymous records (referral moves counted on the day they happened). */
export function dailyFigures(from: string, to: string, records: readonly StatRecord[]): DayRow[] {
  const byDay = new Map<string, StatRecord[]>();
  for (const r of records) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  return daysBetween(from, to).map((day) => {
    const mine = byDay.get(day) ?? [];
    const counts: Record<string, number> = {
      reached_total: count(mine, "reached"),
      ...Object.fromEntries(
        CHANNELS.map((c) => [
          `reached_${c}`,
          mine.filter((r) => r.kind === "reached" && r.channel === c).length,
        ]),
      ),
      screenings_job_check: mine.filter((r) => r.kind === "screening" && r.detail === "job_check").length,
      screenings_need_help: mine.filter((r) => r.kind === "screening" && r.detail === "need_help").length,
      ...Object.fromEntries(RISKS.map((level) => [`risk_${level}`, count(mine, "risk", level)])),
      handoffs_total: count(mine, "handoff"),
      ...Object.fromEntries(PRIORITIES.map((p) => [`handoffs_${p}`, count(mine, "handoff", p)])),
      sla_breaches: count(mine, "sla_breach"),
      referrals_created: count(mine, "referral_created"),
      referrals_contacted: count(mine, "referral_status", "contacted"),
      referrals_supported: count(mine, "referral_status", "supported"),
      referrals_declined: count(mine, "referral_status", "declined"),
      referrals_lost: count(mine, "referral_status", "lost"),
    };
    for (const r of mine)
      if (r.kind === "outcome" && r.label)
        counts[`outcome_${r.label}`] = (counts[`outcome_${r.label}`] ?? 0) + 1;
    const waits = mine.filter((r) => r.kind === "claim_wait").map((r) => r.seconds ?? 0);
    return { day, counts, claimP50: percentile(waits, 50), claimP90: percentile(waits, 90) };
  });
}

/** Counts from 1 to 4 can point at a person in a small commune: shown as "<5" unless exact. */
export function maskSmall(n: number, exact: boolean): string {
  return !exact && n > 0 && n < 5 ? "<5" : String(n);
}

/**
 * The CSV export: UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly), CRLF
 * lines, a header, one row per day, one column per figure; one outcome column per outcome id.
 */
export function reportCsv(rows: readonly DayRow[], outcomeIds: readonly string[], exact: boolean): string {
  const header = [
    "day",
    ...DAY_COUNT_COLUMNS,
    ...outcomeIds.map((id) => `outcome_${id}`),
    "claim_wait_p50_seconds",
    "claim_wait_p90_seconds",
  ];
  const lines = rows.map((row) =>
    [
      row.day,
      ...DAY_COUNT_COLUMNS.map((c) => maskSmall(row.counts[c] ?? 0, exact)),
      ...outcomeIds.map((id) => maskSmall(row.counts[`outcome_${id}`] ?? 0, exact)),
      row.claimP50 ?? "",
      row.claimP90 ?? "",
    ].join(","),
  );
  return `\uFEFF${[header.join(","), ...lines].join("\r\n")}\r\n`;
}
