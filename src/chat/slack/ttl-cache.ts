/**
 * A bounded map whose entries expire. Used for the users.info timezone cache and for the set of
 * Slack event_ids already handled. Oldest entries go first when full (Map keeps insertion order),
 * so memory stays bounded whatever Slack sends.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxSize: number,
    private readonly clock: () => number = Date.now,
  ) {
    if (maxSize < 1) throw new RangeError("TtlCache: maxSize must be at least 1");
  }

  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V, ttlMs: number = this.ttlMs): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.clock() + ttlMs });
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Adds the key if absent or expired; false when it was already there (a duplicate). */
  addIfAbsent(key: K, value: V): boolean {
    if (this.has(key)) return false;
    this.set(key, value);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
