/**
 * Group commit: writes asked for while the event loop is busy are done together, in one statement
 * at the next turn of the loop (setImmediate), and every caller's promise settles with it. Under
 * load the replies of many conversations come back in the same turn of the loop; marking them
 * sent one statement each was a commit each.
 */
export class GroupCommit<T> {
  private pending: T[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  /** Resolves once `items` are written (with whatever else was asked for in the same turn). */
  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    this.pending.push(...items);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const batch = this.pending;
      this.pending = [];
      this.flushing = undefined;
      return this.write(batch);
    });
    return this.flushing;
  }
}

/** `ids` padded to the next power of two (repeating the last): a few statement shapes, not one per count. */
export function padToPowerOfTwo<T>(ids: readonly T[]): T[] {
  let size = 1;
  while (size < ids.length) size *= 2;
  const padded = [...ids];
  while (padded.length < size) padded.push(ids[ids.length - 1] as T);
  return padded;
}
