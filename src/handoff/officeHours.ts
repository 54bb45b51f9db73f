import { z } from "zod";
import type { Locale } from "../engine/types.js";
import { DataFileError, readYamlDataFile } from "../flows/dataFileError.js";

const DAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
type DayKey = (typeof DAY_KEYS)[number];
const rangePattern = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

export const officeHoursSchema = z
  .object({
    timezone: z.string().default("Asia/Ho_Chi_Minh"),
    days: z.partialRecord(
      z.enum(DAY_KEYS),
      z.array(z.string().regex(rangePattern, { error: 'a range such as "08:00-17:00"' })),
    ),
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "a date such as 2026-09-02" }))
      .default([]),
  })
  .strict();
export type OfficeHours = z.infer<typeof officeHoursSchema>;

/** Reads and checks `flows/office-hours.yaml`. @throws DataFileError naming the file and the bad field. */
export function loadOfficeHours(file: string): OfficeHours {
  const result = officeHoursSchema.safeParse(readYamlDataFile(file));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new DataFileError(file, `${problems}. Fix the office hours file and restart.`);
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: result.data.timezone });
  } catch (err) {
    throw new DataFileError(
      file,
      `timezone "${result.data.timezone}" is unknown (use e.g. Asia/Ho_Chi_Minh).`,
      {
        cause: err,
      },
    );
  }
  return result.data;
}

interface LocalTime {
  date: string;
  day: DayKey;
  minutes: number;
  /** Milliseconds to add to UTC to get local wall time. */
  offsetMs: number;
}

/**
 * One formatter per time zone and shape, made once: making an Intl.DateTimeFormat costs far more
 * than formatting with it, and the office status is read on every handoff and queue message.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function localTime(at: Date, timeZone: string): LocalTime {
  const wallClock = formatter(
    `wall ${timeZone}`,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }),
  );
  const parts = Object.fromEntries(wallClock.formatToParts(at).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return {
    date,
    day: DAY_KEYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!,
    minutes: +parts.hour! * 60 + +parts.minute!,
    offsetMs: wall - Math.floor(at.getTime() / 1000) * 1000,
  };
}

function rangesOf(hours: OfficeHours, day: DayKey): Array<{ from: number; to: number }> {
  return (hours.days[day] ?? [])
    .map((r) => {
      const m = rangePattern.exec(r)!;
      return { from: +m[1]! * 60 + +m[2]!, to: +m[3]! * 60 + +m[4]! };
    })
    .sort((a, b) => a.from - b.from);
}

export type OfficeStatus = { open: true } | { open: false; reopensAt: Date | undefined };

/** Whether counselors are on shift at `at`, and if not, when the next shift starts (within 3 weeks). */
export function officeStatus(at: Date, hours: OfficeHours): OfficeStatus {
  const now = localTime(at, hours.timezone);
  const holidays = new Set(hours.holidays);
  if (
    !holidays.has(now.date) &&
    rangesOf(hours, now.day).some((r) => now.minutes >= r.from && now.minutes < r.to)
  )
    return { open: true };
  // Walk forward day by day in local wall time; the zone's offset now is used (Vietnam has no DST).
  const localMidnight = Date.parse(`${now.date}T00:00:00Z`);
  for (let d = 0; d < 21; d++) {
    const dayStart = localMidnight + d * 86_400_000;
    const date = new Date(dayStart).toISOString().slice(0, 10);
    if (holidays.has(date)) continue;
    const day = DAY_KEYS[new Date(dayStart).getUTCDay()]!;
    for (const r of rangesOf(hours, day)) {
      if (d === 0 && r.from <= now.minutes) continue;
      return { open: false, reopensAt: new Date(dayStart + r.from * 60_000 - now.offsetMs) };
    }
  }
  return { open: false, reopensAt: undefined };
}

/** "8:00, Thứ Hai 24/11" / "Monday 24 November, 08:00": when counselors are back, in local time. */
export function formatReopening(at: Date, locale: Locale, timeZone: string): string {
  return formatter(
    `reopening ${locale} ${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", {
        timeZone,
        weekday: "long",
        day: locale === "vi" ? "2-digit" : "numeric",
        month: locale === "vi" ? "2-digit" : "long",
        hour: "2-digit",
        minute: "2-digit",
      }),
  ).format(at);
}
