/**
 * A short cache for `/oms stats` answers: the same request within `ttlMs` (default 60 s) is
 * answered from the first one's result — no OMS call, no render (issue 11). Concurrent equal
 * requests share the one in flight. A failed answer is dropped at once, so an error is never
 * served again.
 *
 * "The same request": task, types and timezone equal, and the resolved range within `ttlMs`
 * of the cached one at both ends. A relative range ("last 24h") resolves to a range that moves
 * with the clock, so asking twice 20 s apart gives ends 20 s apart; an exact-key match would
 * never hit. Within 60 s the data can differ by at most the interval still running, which the
 * chart leaves unfilled anyway (render/README, zero filling).
 */
export interface StatsRequestKey {
  taskId: string;
  /** Resolved range, epoch ms. */
  start: number;
  end: number;
  types: readonly string[];
  tz: string;
  /** Anything else that changes the answer (e.g. whether a CSV is attached). */
  variant?: string;
}

interface Entry<T> {
  start: number;
  end: number;
  at: number;
  value: Promise<T>;
}

export interface StatsCacheOptions {
  ttlMs?: number;
  /** Most entries kept; the oldest go first. A stats answer holds a PNG of ~100–300 KB. */
  maxEntries?: number;
  now?: () => number;
}

export class StatsCache<T> {
  private readonly entries = new Map<string, Entry<T>[]>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private size = 0;

  constructor(opts: StatsCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 64;
    this.now = opts.now ?? Date.now;
  }

  /** The cached answer for `key`, or `compute()`'s, cached for the next `ttlMs`. */
  get(key: StatsRequestKey, compute: () => Promise<T>): Promise<T> {
    const now = this.now();
    const id = fixedPart(key);
    this.expire(now);
    const hit = this.entries
      .get(id)
      ?.find(
        (e) =>
          Math.abs(e.start - key.start) <= this.ttlMs && Math.abs(e.end - key.end) <= this.ttlMs,
      );
    if (hit) return hit.value;
    const entry: Entry<T> = { start: key.start, end: key.end, at: now, value: compute() };
    entry.value.catch(() => this.remove(id, entry));
    const list = this.entries.get(id) ?? [];
    list.push(entry);
    this.entries.set(id, list);
    this.size++;
    while (this.size > this.maxEntries) this.evictOldest();
    return entry.value;
  }

  /** Entries held now (expired ones are dropped on the next `get`). */
  get count(): number {
    return this.size;
  }

  private expire(now: number): void {
    for (const [id, list] of this.entries) {
      for (const e of list) if (now - e.at > this.ttlMs) this.remove(id, e);
    }
  }

  private evictOldest(): void {
    let oldest: [string, Entry<T>] | undefined;
    for (const [id, list] of this.entries) {
      for (const e of list) if (!oldest || e.at < oldest[1].at) oldest = [id, e];
    }
    if (oldest) this.remove(...oldest);
  }

  private remove(id: string, entry: Entry<T>): void {
    const list = this.entries.get(id);
    const at = list?.indexOf(entry) ?? -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    this.size--;
    if (list.length === 0) this.entries.delete(id);
  }
}

function fixedPart(key: StatsRequestKey): string {
  return JSON.stringify([key.taskId, [...key.types].sort(), key.tz, key.variant ?? ""]);
}
