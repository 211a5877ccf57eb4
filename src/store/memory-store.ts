/**
 * A StateStore in memory: for tests and the shell demo. Same code path as the file store
 * (BatchingStore), minus the disk, so both keep the same semantics.
 */
import { BatchingStore } from "./batching-store.ts";
import { checkLedgerMax, emptyState } from "./state-data.ts";

export interface MemoryStoreOptions {
  /** Cap on ledger entries; the earliest claims go first. */
  ledgerMaxEntries?: number;
}

export class MemoryStateStore extends BatchingStore {
  constructor(opts: MemoryStoreOptions = {}) {
    super(emptyState(), checkLedgerMax(opts.ledgerMaxEntries));
  }

  protected async persist(): Promise<void> {}

  protected async release(): Promise<void> {}
}

export function createMemoryStore(opts: MemoryStoreOptions = {}): MemoryStateStore {
  return new MemoryStateStore(opts);
}
