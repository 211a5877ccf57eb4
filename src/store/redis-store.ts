/**
 * A StateStore on Redis, shared by every replica: same semantics as the file store (the contract
 * tests run against both), with `update` and `claim` atomic across processes. See README.md.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { CollectionName, StateCollections, StateStore } from "../app/ports.ts";
import { OmsbotError } from "../errors.ts";
import {
  closeClient,
  connectAtOpen,
  createRedisClient,
  DEFAULT_REDIS_TIMINGS,
  type RedisTimings,
  redisError,
} from "./redis-client.ts";
import { CLAIM, COMPARE_AND_SET } from "./redis-scripts.ts";
import { RedisRunClaims, type RunClaims } from "./run-claims.ts";
import {
  checkLedgerMax,
  type Entity,
  LEDGER_MAX_AGE_MS,
  type LedgerEntry,
  misuse,
  toEntity,
} from "./state-data.ts";

export const DEFAULT_KEY_PREFIX = "omsbot:";

export interface RedisStoreOptions {
  /** `REDIS_URL`: redis:// or rediss://, credentials and database number included. */
  url: string;
  logger: Logger;
  /** Every key starts with it: several bots (or tests) can share one Redis. Default `omsbot:`. */
  keyPrefix?: string;
  /** Cap on ledger entries; the earliest claims go first. Default 100,000. */
  ledgerMaxEntries?: number;
  timings?: Partial<RedisTimings>;
}

/** Lost compare-and-sets before giving up: only other replicas compete (see `update`). */
const MAX_CAS_ATTEMPTS = 50;

export class RedisStateStore implements StateStore {
  private closing: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<unknown>>();
  /** Per record: the last update queued in this process. */
  private readonly updateTails = new Map<string, Promise<unknown>>();
  private runClaims: RedisRunClaims | undefined;

  private constructor(
    private readonly client: Redis,
    readonly keyPrefix: string,
    private readonly maxLedgerEntries: number,
  ) {}

  /** Connects (see connectAtOpen: an unreachable Redis does not stop the start). */
  static async open(opts: RedisStoreOptions): Promise<RedisStateStore> {
    const maxLedgerEntries = checkLedgerMax(opts.ledgerMaxEntries);
    const keyPrefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
    const timings = { ...DEFAULT_REDIS_TIMINGS, ...opts.timings };
    const client = createRedisClient(opts.url, opts.logger, timings);
    await connectAtOpen(client, opts.logger);
    return new RedisStateStore(client, keyPrefix, maxLedgerEntries);
  }

  /** For /readyz: connected and not closed. Never waits. */
  isReady(): boolean {
    return this.closing === undefined && this.client.status === "ready";
  }

  /** A round trip to Redis; false (never a rejection) when it does not answer in time. */
  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  /** Run-once claims for the scheduler, on the same connection (closed with the store). */
  claims(): RunClaims {
    this.runClaims ??= new RedisRunClaims(this.client, this.keyPrefix);
    return this.runClaims;
  }

  get<C extends CollectionName>(c: C, id: string): Promise<StateCollections[C] | undefined> {
    return this.track(async () => {
      const raw = await this.cmd("get", this.client.hget(this.collectionKey(c), id));
      return raw === null ? undefined : (this.parse(c, id, raw) as StateCollections[C]);
    });
  }

  list<C extends CollectionName>(c: C): Promise<StateCollections[C][]> {
    return this.track(async () => {
      const all = await this.cmd("list", this.client.hgetall(this.collectionKey(c)));
      // In id order, as the file store lists.
      const ids = Object.keys(all).sort();
      return ids.map((id) => this.parse(c, id, all[id] ?? "") as StateCollections[C]);
    });
  }

  put<C extends CollectionName>(c: C, value: StateCollections[C]): Promise<void> {
    return this.track(async () => {
      const entity = toEntity(c, value);
      await this.cmd(
        "put",
        this.client.hset(this.collectionKey(c), entity.id, JSON.stringify(entity)),
      );
    });
  }

  delete<C extends CollectionName>(c: C, id: string): Promise<boolean> {
    return this.track(async () => {
      return (await this.cmd("delete", this.client.hdel(this.collectionKey(c), id))) === 1;
    });
  }

  /**
   * Read, `change`, compare-and-set; again on a lost race, so `change` may run more than once
   * and must be a pure function of its argument. Updates of one record queue in this process
   * first: only replicas race each other, not a process's own callers.
   */
  update<C extends CollectionName>(
    c: C,
    id: string,
    change: (current: StateCollections[C] | undefined) => StateCollections[C] | undefined,
  ): Promise<StateCollections[C] | undefined> {
    return this.track(() => {
      const recordKey = `${c}\u0000${id}`;
      const previous = this.updateTails.get(recordKey) ?? Promise.resolve();
      const mine = previous
        .catch(() => undefined)
        .then(() => this.compareAndSet(c, id, (cur) => change(cur as StateCollections[C])));
      this.updateTails.set(recordKey, mine);
      const forget = () => {
        if (this.updateTails.get(recordKey) === mine) this.updateTails.delete(recordKey);
      };
      mine.then(forget, forget);
      return mine as Promise<StateCollections[C] | undefined>;
    });
  }

  claim(key: string, now: number, ref?: string): Promise<boolean> {
    return this.track(async () => {
      if (key === "" || !Number.isFinite(now)) {
        throw misuse(`claim needs a key and a finite time (got "${key}", ${now})`);
      }
      const entry: LedgerEntry = ref === undefined ? { at: now } : { at: now, ref };
      const won = await this.cmd(
        "claim",
        this.client.eval(
          CLAIM,
          2,
          this.ledgerKey(),
          `${this.ledgerKey()}:at`,
          key,
          String(now),
          JSON.stringify(entry),
          String(now - LEDGER_MAX_AGE_MS),
          String(this.maxLedgerEntries),
        ),
      );
      return won === 1;
    });
  }

  claimed(key: string): Promise<LedgerEntry | undefined> {
    return this.track(async () => {
      const raw = await this.cmd("claimed", this.client.hget(this.ledgerKey(), key));
      if (raw === null) return undefined;
      const entry = this.parseJson(`${this.ledgerKey()} ${key}`, raw) as Partial<LedgerEntry>;
      if (typeof entry.at !== "number") throw misuse(`ledger entry "${key}" has no time`);
      return typeof entry.ref === "string" ? { at: entry.at, ref: entry.ref } : { at: entry.at };
    });
  }

  /** Waits for the calls in flight, then closes the connection (and the run claims on it). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inflight]);
      await closeClient(this.client);
    })();
    return this.closing;
  }

  private async compareAndSet(
    c: string,
    id: string,
    change: (current: unknown) => unknown,
  ): Promise<Entity | undefined> {
    const hash = this.collectionKey(c);
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await this.cmd("update", this.client.hget(hash, id));
      const next = change(raw === null ? undefined : this.parse(c, id, raw));
      if (next === undefined && raw === null) return undefined;
      const stored = next === undefined ? undefined : toEntity(c, next, id);
      const json = stored === undefined ? "" : JSON.stringify(stored);
      const set = await this.cmd(
        "update",
        this.client.eval(
          COMPARE_AND_SET,
          1,
          hash,
          id,
          raw === null ? "0" : "1",
          raw ?? "",
          stored === undefined ? "0" : "1",
          json,
        ),
      );
      if (set === 1) return stored;
      // Two replicas in lockstep would keep colliding: a little jitter breaks the tie.
      if (attempt >= 3) await sleep(Math.random() * Math.min(attempt, 20));
    }
    throw new OmsbotError("STATE_UNAVAILABLE", "The bot's state is busy; try again in a minute.", {
      detail: `state store: update of ${c}/${id} lost the compare-and-set ${MAX_CAS_ATTEMPTS} times`,
    });
  }

  /** Runs `fn` unless closed; `close()` waits for it. */
  private track<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closing !== undefined) {
      return Promise.reject(misuse("used after close()"));
    }
    const p = fn();
    this.inflight.add(p);
    const done = () => this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  private async cmd<T>(what: string, command: Promise<T>): Promise<T> {
    try {
      return await command;
    } catch (e) {
      throw redisError(e, what);
    }
  }

  private parse(c: string, id: string, raw: string): unknown {
    return this.parseJson(`${this.collectionKey(c)} ${id}`, raw);
  }

  private parseJson(where: string, raw: string): unknown {
    try {
      return JSON.parse(raw);
    } catch (e) {
      throw misuse(`${where} does not hold JSON (${e instanceof Error ? e.message : e})`);
    }
  }

  private collectionKey(c: string): string {
    return `${this.keyPrefix}state:${c}`;
  }

  private ledgerKey(): string {
    return `${this.keyPrefix}ledger`;
  }
}

export function openRedisStore(opts: RedisStoreOptions): Promise<RedisStateStore> {
  return RedisStateStore.open(opts);
}
