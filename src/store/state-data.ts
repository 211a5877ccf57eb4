/**
 * The state both stores hold, and the operations on it. Kept apart from any I/O so the memory
 * store and the file store share one set of semantics (the contract tests run against both).
 */
import { OmsbotError } from "../errors.ts";

/** The port's promise: ledger entries older than this (relative to a claim's `now`) are forgotten. */
export const LEDGER_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Even within 30 days the ledger may not grow without bound (a runaway loop, a bad clock). */
export const LEDGER_MAX_ENTRIES = 100_000;

export interface LedgerEntry {
  at: number;
  ref?: string;
}

/** A stored value: plain JSON with an `id`. Never mutated once stored; replaced instead. */
export type Entity = { id: string } & Record<string, unknown>;

export interface StateData {
  /** Collection name → id → value. Unknown collection names (a file edited by hand) are kept. */
  collections: Map<string, Map<string, Entity>>;
  /** Key → entry, in claim order, so the first entries are the first to be evicted. */
  ledger: Map<string, LedgerEntry>;
}

export function emptyState(): StateData {
  return { collections: new Map(), ledger: new Map() };
}

/**
 * Deep copy through JSON: what the memory store holds is exactly what the file store would read
 * back (no Dates, Maps, undefined fields or shared references), and callers never share objects
 * with the store.
 */
export function jsonCopy<T>(value: T): T {
  const text = JSON.stringify(value);
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

export function checkLedgerMax(n: number | undefined): number {
  if (n === undefined) return LEDGER_MAX_ENTRIES;
  if (!Number.isInteger(n) || n < 1) throw misuse(`ledgerMaxEntries must be ≥ 1, got ${n}`);
  return n;
}

export function misuse(detail: string): OmsbotError {
  return new OmsbotError(
    "INTERNAL",
    "Something went wrong on the bot's side; it has been logged.",
    {
      detail: `state store: ${detail}`,
    },
  );
}

/** A JSON copy of `value`, checked to be an object with a string `id` (the expected one, if given). */
export function toEntity(c: string, value: unknown, expectedId?: string): Entity {
  const copy: unknown = jsonCopy(value);
  if (typeof copy !== "object" || copy === null || Array.isArray(copy)) {
    throw misuse(`a value for "${c}" must be an object`);
  }
  const id = (copy as Record<string, unknown>).id;
  if (typeof id !== "string" || id === "") {
    throw misuse(`a value for "${c}" has no string id`);
  }
  if (expectedId !== undefined && id !== expectedId) {
    throw misuse(`update of "${c}/${expectedId}" returned a value with id "${id}"`);
  }
  return copy as Entity;
}

export type StateOp =
  | { kind: "put"; c: string; value: unknown }
  | { kind: "delete"; c: string; id: string }
  | { kind: "update"; c: string; id: string; change: (current: unknown) => unknown }
  | { kind: "claim"; key: string; now: number; ref: string | undefined };

export interface OpOutcome {
  result: unknown;
  /** Whether the state changed, i.e. whether a write is needed at all. */
  changed: boolean;
}

/**
 * A copy-on-write view of a StateData: a batch of operations applies to it, and it replaces the
 * committed state only once written, so readers never see a change that is not yet durable.
 */
export class StateDraft {
  readonly data: StateData;
  private readonly copied = new Set<string>();
  private ledgerCopied = false;

  constructor(base: StateData) {
    this.data = { collections: new Map(base.collections), ledger: base.ledger };
  }

  read(c: string): ReadonlyMap<string, Entity> | undefined {
    return this.data.collections.get(c);
  }

  write(c: string): Map<string, Entity> {
    let map = this.data.collections.get(c);
    if (!this.copied.has(c) || map === undefined) {
      map = new Map(map ?? []);
      this.data.collections.set(c, map);
      this.copied.add(c);
    }
    return map;
  }

  ledger(): Map<string, LedgerEntry> {
    if (!this.ledgerCopied) {
      this.data.ledger = new Map(this.data.ledger);
      this.ledgerCopied = true;
    }
    return this.data.ledger;
  }
}

/** Applies one operation; throws (leaving the draft as it was) when the operation is invalid. */
export function applyOp(draft: StateDraft, op: StateOp, maxLedgerEntries: number): OpOutcome {
  switch (op.kind) {
    case "put": {
      const value = toEntity(op.c, op.value);
      draft.write(op.c).set(value.id, value);
      return { result: undefined, changed: true };
    }
    case "delete": {
      if (!draft.read(op.c)?.has(op.id)) return { result: false, changed: false };
      draft.write(op.c).delete(op.id);
      return { result: true, changed: true };
    }
    case "update": {
      const current = draft.read(op.c)?.get(op.id);
      const next = op.change(jsonCopy(current));
      if (next === undefined) {
        if (current === undefined) return { result: undefined, changed: false };
        draft.write(op.c).delete(op.id);
        return { result: undefined, changed: true };
      }
      const value = toEntity(op.c, next, op.id);
      draft.write(op.c).set(op.id, value);
      return { result: jsonCopy(value), changed: true };
    }
    case "claim": {
      if (op.key === "" || !Number.isFinite(op.now)) {
        throw misuse(`claim needs a key and a finite time (got "${op.key}", ${op.now})`);
      }
      const existing = draft.data.ledger.get(op.key);
      if (existing !== undefined && existing.at >= op.now - LEDGER_MAX_AGE_MS) {
        return { result: false, changed: false };
      }
      recordClaim(draft.ledger(), op, maxLedgerEntries);
      return { result: true, changed: true };
    }
  }
}

function recordClaim(
  ledger: Map<string, LedgerEntry>,
  op: { key: string; now: number; ref: string | undefined },
  maxEntries: number,
): void {
  const oldest = op.now - LEDGER_MAX_AGE_MS;
  for (const [key, entry] of ledger) if (entry.at < oldest) ledger.delete(key);
  // Deleted first so that a re-claim after expiry moves to the end, keeping claim order.
  ledger.delete(op.key);
  ledger.set(op.key, op.ref === undefined ? { at: op.now } : { at: op.now, ref: op.ref });
  for (const key of ledger.keys()) {
    if (ledger.size <= maxEntries) break;
    ledger.delete(key);
  }
}

export function readValue(data: StateData, c: string, id: string): unknown {
  return jsonCopy(data.collections.get(c)?.get(id));
}

/** In id order: deterministic, and the same order a store without insertion order can give. */
export function listValues(data: StateData, c: string): unknown[] {
  const map = data.collections.get(c);
  if (map === undefined) return [];
  const ids = [...map.keys()].sort();
  return ids.map((id) => jsonCopy(map.get(id)));
}

export function readClaim(data: StateData, key: string): LedgerEntry | undefined {
  const entry = data.ledger.get(key);
  return entry === undefined ? undefined : { ...entry };
}
