/** Picks the StateStore the settings ask for, with the run claims that go with it. */
import type { Logger } from "pino";
import type { StateStore } from "../app/ports.ts";
import { openFileStore } from "./file-store.ts";
import { openRedisStore } from "./redis-store.ts";
import { LocalRunClaims, type RunClaims } from "./run-claims.ts";

export interface OpenStateStoreOptions {
  /** `STATE_DIR` (config default `./data`); unused when `redisUrl` is set. */
  stateDir: string;
  logger: Logger;
  /** `REDIS_URL`: state in Redis, shared by every replica. */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key; default `omsbot:`. */
  redisKeyPrefix?: string | undefined;
  now?: () => number;
}

export interface OpenedState {
  store: StateStore;
  /** Run-once claims for the scheduler: in Redis with the Redis store, else in this process. */
  claims: RunClaims;
  /** For /readyz: whether the store can answer now. Always true for the file store. */
  isReady(): boolean;
}

export async function openState(opts: OpenStateStoreOptions): Promise<OpenedState> {
  if (opts.redisUrl !== undefined) {
    const store = await openRedisStore({
      url: opts.redisUrl,
      logger: opts.logger,
      ...(opts.redisKeyPrefix !== undefined ? { keyPrefix: opts.redisKeyPrefix } : {}),
    });
    return { store, claims: store.claims(), isReady: () => store.isReady() };
  }
  const store = await openFileStore({
    dir: opts.stateDir,
    logger: opts.logger,
    ...(opts.now ? { now: opts.now } : {}),
  });
  // The folder's lock already makes this the only process: its own Map is enough.
  return { store, claims: new LocalRunClaims(opts.now), isReady: () => true };
}

/** The store alone, for callers that schedule nothing. */
export async function openStateStore(opts: OpenStateStoreOptions): Promise<StateStore> {
  return (await openState(opts)).store;
}
