/** What the wait estimate is made from. */
export interface WaitInputs {
  /** 1-based place in the queue. */
  position: number;
  /** Minutes counselors spent on recently closed chats (claim to close). */
  recentHandlingMinutes: readonly number[];
  /** Sum of `maxChats` over counselors marked available now. */
  capacity: number;
}

/** Fewer samples than this and the estimate would be a guess: say there is none. */
export const MIN_SAMPLES = 3;

export type WaitEstimate = { kind: "minutes"; minutes: number } | { kind: "unknown" };

/**
 * An honest estimate of the wait: each place ahead needs one chat slot to free up; slots free
 * at the pace of the recent median handling time spread over the available capacity.
 * Rounded up to 5 minutes, never below 5. Unknown with no counselor available or too little history.
 */
export function estimateWait({ position, recentHandlingMinutes, capacity }: WaitInputs): WaitEstimate {
  if (capacity <= 0 || recentHandlingMinutes.length < MIN_SAMPLES) return { kind: "unknown" };
  const sorted = [...recentHandlingMinutes].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const raw = (position * median) / capacity;
  return { kind: "minutes", minutes: Math.max(5, Math.ceil(raw / 5) * 5) };
}

/** What the user was last told about their place. */
export interface Told {
  position: number;
  estimate: WaitEstimate;
}

/**
 * True when an update is worth a message: the user moved into the top 3, moved by 3 places or
 * more, or the estimate changed by 10 minutes or more (or appeared or disappeared).
 */
export function isMeaningfulChange(before: Told, after: Told): boolean {
  if (before.position !== after.position) {
    if (after.position <= 3) return true;
    if (Math.abs(before.position - after.position) >= 3) return true;
  }
  if (before.estimate.kind !== after.estimate.kind) return true;
  if (before.estimate.kind === "minutes" && after.estimate.kind === "minutes")
    return Math.abs(before.estimate.minutes - after.estimate.minutes) >= 10;
  return false;
}
