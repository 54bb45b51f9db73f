/**
 * Open-addressing hash tables of non-negative integers, for the classifier's character n-gram
 * codes: a JavaScript Map or Set of numbers allocates as it grows and hashes through the
 * generic path; a message has hundreds of n-grams, and these do it in flat typed arrays.
 */

const EMPTY = -1;

/**
 * Fibonacci hashing: the top log2(capacity) bits of the product (its low bits, like the codes'
 * own low bits, only reflect the last characters of an n-gram).
 */
function slotOf(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> Math.clz32(mask)) & mask;
}

function capacityFor(count: number): number {
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
}

/** A read-only map from non-negative integers to non-negative integers, built once. */
export class IntMap {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(entries: ReadonlyMap<number, number>) {
    const capacity = capacityFor(entries.size);
    this.keys = new Int32Array(capacity).fill(EMPTY);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (const [key, value] of entries) {
      let slot = slotOf(key, this.mask);
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.values[slot] = value;
    }
  }

  /** The value of `key`, or -1 when it has none. */
  get(key: number): number {
    let slot = slotOf(key, this.mask);
    for (;;) {
      const found = this.keys[slot]!;
      if (found === key) return this.values[slot]!;
      if (found === EMPTY) return -1;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * A set of non-negative integers reused from one message to the next: `clear` is O(1) (a new
 * generation; slots stamped with an older one count as empty) and the arrays only ever grow.
 */
export class IntSet {
  private keys = new Int32Array(1024);
  private stamps = new Uint32Array(1024);
  private generation = 1;
  private mask = 1023;
  size = 0;

  clear(): void {
    this.size = 0;
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** Adds `key`; true when it was not in the set. */
  add(key: number): boolean {
    let slot = slotOf(key, this.mask);
    while (this.stamps[slot] === this.generation) {
      if (this.keys[slot] === key) return false;
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = key;
    this.stamps[slot] = this.generation;
    this.size += 1;
    if (this.size * 2 > this.keys.length) this.grow();
    return true;
  }

  private grow(): void {
    const { keys, stamps, generation } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.stamps = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.generation = 1;
    for (let i = 0; i < keys.length; i++) {
      if (stamps[i] !== generation) continue;
      let slot = slotOf(keys[i]!, this.mask);
      while (this.stamps[slot] === 1) slot = (slot + 1) & this.mask;
      this.keys[slot] = keys[i]!;
      this.stamps[slot] = 1;
    }
  }
}
