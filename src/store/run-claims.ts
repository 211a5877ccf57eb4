/**
 * Run-once claims for the scheduler: with several replicas each one fires every cron slot, and
 * exactly one of them may run it. node-cron 4 asks a RunCoordinator (`distributed: true`);
 * `toRunCoordinator` makes one from the claims the state store comes with.
 */

import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { RunCoordinator } from "node-cron";
import type { Logger } from "pino";
import type { RunClaims } from "../app/ports.ts";
import { redisError } from "./redis-client.ts";
import { misuse } from "./state-data.ts";

export type { RunClaims };

function checkClaim(key: string, ttlMs: number): number {
  if (key === "" || !Number.isFinite(ttlMs) || ttlMs < 1) {
    throw misuse(`run claim needs a key and a ttl ≥ 1 ms (got "${key}", ${ttlMs})`);
  }
  return Math.ceil(ttlMs);
}

/** For the file and memory stores: one process holds the state, so a Map is the whole truth. */
export class LocalRunClaims implements RunClaims {
  private readonly held = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async tryClaim(key: string, ttlMs: number): Promise<boolean> {
    const ttl = checkClaim(key, ttlMs);
    const now = this.now();
    // Keys are per slot: without this the map would grow by one entry a slot, forever.
    for (const [k, until] of this.held) if (until <= now) this.held.delete(k);
    if (this.held.has(key)) return false;
    this.held.set(key, now + ttl);
    return true;
  }

  async release(key: string): Promise<void> {
    this.held.delete(key);
  }
}

/** Deletes the claim only if this instance still holds it (it may have expired and moved on). */
const RELEASE_IF_MINE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** `SET NX PX` on `<prefix>run:<key>`: Redis decides who was first and forgets it by itself. */
export class RedisRunClaims implements RunClaims {
  /** Held in the key, so an operator can see which replica ran a slot. */
  readonly holder = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;

  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  async tryClaim(key: string, ttlMs: number): Promise<boolean> {
    const ttl = checkClaim(key, ttlMs);
    try {
      return (await this.client.set(this.key(key), this.holder, "PX", ttl, "NX")) === "OK";
    } catch (e) {
      throw redisError(e, "run claim");
    }
  }

  async release(key: string): Promise<void> {
    try {
      await this.client.eval(RELEASE_IF_MINE, 1, this.key(key), this.holder);
    } catch (e) {
      throw redisError(e, "run claim release");
    }
  }

  private key(key: string): string {
    return `${this.keyPrefix}run:${key}`;
  }
}

/**
 * A node-cron coordinator. Fails closed: when the claim cannot be made (Redis down) the slot is
 * skipped on this replica, and since every replica is then in the same state, skipped by all;
 * runs resume with the first slot after Redis is back. Never a double run, at the cost of
 * missed slots during an outage.
 *
 * It has no `onComplete`: releasing a slot's claim when its run ends would let a replica whose
 * clock is a little behind claim the same slot afterwards and run it again. The claim lives out
 * its ttl instead (node-cron's `distributedLease`, 30 s by default): keep that above the clock
 * skew between replicas. A longer one costs nothing, each slot having a key of its own.
 */
export function toRunCoordinator(claims: RunClaims, logger: Logger): RunCoordinator {
  return {
    async shouldRun(key: string, ttlMs: number): Promise<boolean> {
      try {
        return await claims.tryClaim(key, ttlMs);
      } catch (e) {
        logger.warn(
          { err: e instanceof Error ? e.message : String(e), key },
          "scheduler: cannot claim this run; skipping it here (fail closed)",
        );
        return false;
      }
    },
  };
}
