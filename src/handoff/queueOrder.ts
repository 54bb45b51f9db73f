import type { Priority } from "../engine/types.js";

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2 };
/** A priority's rank in the queue (0 first); anything but urgent or high counts as normal. */
export const rankOf = (p: string | null) => RANK[(p ?? "normal") as Priority] ?? RANK.normal;

/** What the queue order needs to know about a waiting conversation. */
export interface Queued {
  id: string;
  /** urgent | high | normal (stored as a string; anything else counts as normal). */
  priority: string | null;
  waitingSince: Date | null;
}

/** Queue order: urgent before high before normal, then the one waiting longest first. */
export function compareQueued(a: Queued, b: Queued): number {
  const byPriority = rankOf(a.priority) - rankOf(b.priority);
  if (byPriority !== 0) return byPriority;
  const byWait = (a.waitingSince?.getTime() ?? 0) - (b.waitingSince?.getTime() ?? 0);
  return byWait !== 0 ? byWait : a.id.localeCompare(b.id);
}

/** Sorts a copy of `items` in queue order. */
export function inQueueOrder<T extends Queued>(items: readonly T[]): T[] {
  return [...items].sort(compareQueued);
}
