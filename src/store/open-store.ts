/** Picks the StateStore the settings ask for. */
import type { Logger } from "pino";
import type { StateStore } from "../app/ports.ts";
import { OmsbotError } from "../errors.ts";
import { openFileStore } from "./file-store.ts";

export interface OpenStateStoreOptions {
  /** `STATE_DIR` (config default `./data`). */
  stateDir: string;
  logger: Logger;
  /** `REDIS_URL`: the Redis store is a later issue. */
  redisUrl?: string | undefined;
  now?: () => number;
}

export async function openStateStore(opts: OpenStateStoreOptions): Promise<StateStore> {
  if (opts.redisUrl !== undefined) {
    // Refused rather than ignored: replicas sharing nothing would each post every alert.
    throw new OmsbotError(
      "CONFIG_INVALID",
      "REDIS_URL is not supported yet by this version of omsbot. Unset it to keep state in STATE_DIR (one replica only).",
      { detail: "REDIS_URL set; the Redis store is not implemented yet" },
    );
  }
  return openFileStore({
    dir: opts.stateDir,
    logger: opts.logger,
    ...(opts.now ? { now: opts.now } : {}),
  });
}
