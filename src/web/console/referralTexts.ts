// Texts of the referral and report screens, from locales/<lng>/referral.json (console, reports).
import { type Texts, tr } from "./dom.js";

const cache = new Map<string, Promise<Texts>>();

/** Loads the referral texts of a language once; an error gives empty texts (keys are shown). */
export function referralTexts(lang: string): Promise<Texts> {
  let texts = cache.get(lang);
  if (!texts) {
    texts = fetch(`/console/api/referral-texts/${lang}`, { credentials: "same-origin" })
      .then((res) => (res.ok ? (res.json() as Promise<{ texts: Texts }>) : { texts: {} }))
      .then((body) => body.texts)
      .catch(() => ({}));
    cache.set(lang, texts);
  }
  return texts;
}

/** A lookup over loaded texts: `referrals.save`, `reports.title`. */
export function translator(texts: Texts) {
  return (key: string, params?: Record<string, string | number>) => tr(texts, key, params);
}

/** Today in Vietnam (the follow-up dates and report days are Asia/Ho_Chi_Minh days). */
export function todayInVietnam(at = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** The day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
