/**
 * The StateStore both stores are: reads from the committed state, changes through one queue.
 * Queued changes are applied in call order, in batches: a batch is applied to a draft, persisted
 * once (group commit: 100 concurrent updates cost a handful of writes, not 100 fsyncs), and only
 * then becomes what readers see and the callers' promises resolve.
 */
import type { CollectionName, StateCollections, StateStore } from "../app/ports.ts";
import { OmsbotError, toOmsbotError } from "../errors.ts";
import {
  applyOp,
  emptyState,
  type LedgerEntry,
  listValues,
  readClaim,
  readValue,
  type StateData,
  StateDraft,
  type StateOp,
} from "./state-data.ts";

interface Pending {
  op: StateOp;
  resolve: (result: unknown) => void;
  reject: (e: unknown) => void;
}

export abstract class BatchingStore implements StateStore {
  protected committed: StateData;
  private readonly pending: Pending[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  protected constructor(
    initial: StateData = emptyState(),
    private readonly maxLedgerEntries: number,
  ) {
    this.committed = initial;
  }

  /** Makes `data` durable; the batch fails as a whole if this throws. */
  protected abstract persist(data: StateData): Promise<void>;
  /** Called once, after the last batch. */
  protected abstract release(): Promise<void>;

  async get<C extends CollectionName>(c: C, id: string): Promise<StateCollections[C] | undefined> {
    this.assertOpen();
    return readValue(this.committed, c, id) as StateCollections[C] | undefined;
  }

  async list<C extends CollectionName>(c: C): Promise<StateCollections[C][]> {
    this.assertOpen();
    return listValues(this.committed, c) as StateCollections[C][];
  }

  async put<C extends CollectionName>(c: C, value: StateCollections[C]): Promise<void> {
    await this.enqueue({ kind: "put", c, value });
  }

  async delete<C extends CollectionName>(c: C, id: string): Promise<boolean> {
    return (await this.enqueue({ kind: "delete", c, id })) as boolean;
  }

  async update<C extends CollectionName>(
    c: C,
    id: string,
    change: (current: StateCollections[C] | undefined) => StateCollections[C] | undefined,
  ): Promise<StateCollections[C] | undefined> {
    const op: StateOp = {
      kind: "update",
      c,
      id,
      change: (current) => change(current as StateCollections[C] | undefined),
    };
    return (await this.enqueue(op)) as StateCollections[C] | undefined;
  }

  async claim(key: string, now: number, ref?: string): Promise<boolean> {
    return (await this.enqueue({ kind: "claim", key, now, ref })) as boolean;
  }

  async claimed(key: string): Promise<LedgerEntry | undefined> {
    this.assertOpen();
    return readClaim(this.committed, key);
  }

  /** Waits for every queued change to be written, then releases what the store holds. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.idle;
      await this.release();
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) {
      throw new OmsbotError(
        "INTERNAL",
        "Something went wrong on the bot's side; it has been logged.",
        {
          detail: "state store: used after close()",
        },
      );
    }
  }

  private enqueue(op: StateOp): Promise<unknown> {
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.running) {
        this.running = true;
        this.idle = this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        const draft = new StateDraft(this.committed);
        const applied: { p: Pending; result: unknown }[] = [];
        let changed = false;
        for (const p of batch) {
          try {
            const outcome = applyOp(draft, p.op, this.maxLedgerEntries);
            changed ||= outcome.changed;
            applied.push({ p, result: outcome.result });
          } catch (e) {
            // Only this call fails (a throwing `change`, a value without id); the batch goes on.
            p.reject(e);
          }
        }
        if (changed) {
          try {
            await this.persist(draft.data);
          } catch (e) {
            const err = toOmsbotError(e);
            for (const { p } of applied) p.reject(err);
            continue;
          }
          this.committed = draft.data;
        }
        for (const { p, result } of applied) p.resolve(result);
      }
    } finally {
      // Cleared in the same tick as the last emptiness check, so no enqueue can be stranded.
      this.running = false;
    }
  }
}
