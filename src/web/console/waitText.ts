// How long someone has waited, in words: "5 phút", "2 giờ 5 phút", "3 ngày" (locales/<lng>/console.json
// `duration.*`, i18next plural keys: `minutes_one`, `minutes_other`…).

type Translate = (key: string, params: Record<string, string | number>) => string;

const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

/**
 * A wait of `ms` milliseconds: whole minutes under an hour, hours and minutes under a day, then
 * whole days. A negative wait (clocks a moment apart) reads as 0 minutes.
 * @example waitText(125 * 60_000, t) // "2 giờ 5 phút"
 */
export function waitText(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE_MS));
  if (minutes < HOUR_MINUTES) return t("duration.minutes", { count: minutes });
  if (minutes < DAY_MINUTES) {
    const hours = t("duration.hours", { count: Math.floor(minutes / HOUR_MINUTES) });
    const rest = minutes % HOUR_MINUTES;
    if (rest === 0) return hours;
    return t("duration.hours_minutes", { hours, minutes: t("duration.minutes", { count: rest }) });
  }
  return t("duration.days", { count: Math.floor(minutes / DAY_MINUTES) });
}
