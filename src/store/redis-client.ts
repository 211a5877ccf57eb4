/**
 * The one Redis connection the Redis store and its run claims share, tuned so that no call ever
 * waits for Redis to come back (README "Redis unreachable"), and the error a failed call becomes.
 */
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { OmsbotError } from "../errors.ts";

export interface RedisTimings {
  /** A command with no answer after this long rejects: a stalled server, a half-open socket. */
  commandTimeoutMs: number;
  /** Commands pending and no byte back for this long: the socket is dropped and reconnected. */
  socketTimeoutMs: number;
  /** A connection attempt that hangs (a black-holed address) is given up after this long. */
  connectTimeoutMs: number;
  /** Cap of the reconnect backoff, i.e. how late at most the bot notices Redis is back. */
  maxReconnectDelayMs: number;
}

/**
 * Redis answers in a millisecond or a few; three seconds without an answer means something is
 * wrong, and a user's command would rather fail than wait. Not one second: a bot whose event loop
 * is busy drawing charts on 2 loaded cores was seen to miss a 1 s timeout with Redis healthy.
 * The socket gets longer so that one slow command does not cost the connection.
 */
export const DEFAULT_REDIS_TIMINGS: RedisTimings = {
  commandTimeoutMs: 3000,
  socketTimeoutMs: 5000,
  connectTimeoutMs: 2000,
  maxReconnectDelayMs: 1000,
};

const UNAVAILABLE_MESSAGE =
  "The bot cannot reach its state store (Redis) right now; nothing was changed. Try again in a minute.";

/** Reply errors that say the server cannot serve now, rather than that we sent something wrong. */
const TRANSIENT_REPLY = /^(LOADING|READONLY|MASTERDOWN|BUSY|OOM|TRYAGAIN|NOREPLICAS|CLUSTERDOWN)\b/;
const AUTH_REPLY = /^(NOAUTH|WRONGPASS|NOPERM)\b/;

/** What any failed Redis call becomes: STATE_UNAVAILABLE, or INTERNAL for a bug of ours. */
export function redisError(e: unknown, what: string): OmsbotError {
  if (e instanceof OmsbotError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const isReply = e instanceof Error && e.name === "ReplyError";
  if (isReply && !TRANSIENT_REPLY.test(message) && !AUTH_REPLY.test(message)) {
    return new OmsbotError(
      "INTERNAL",
      "Something went wrong on the bot's side; it has been logged.",
      { detail: `state store: redis ${what}: ${message}`, cause: e },
    );
  }
  return new OmsbotError("STATE_UNAVAILABLE", UNAVAILABLE_MESSAGE, {
    detail: `state store: redis ${what}: ${message}`,
    cause: e,
  });
}

/**
 * A client that fails fast instead of queueing: no offline queue (a call while disconnected
 * rejects at once), no retry of in-flight commands across a reconnect (`maxRetriesPerRequest: 0`
 * flushes them at the disconnect; resending a compare-and-set or a claim the caller has already
 * given up on would only surprise it), and a command timeout for a connection that is up but
 * silent. Reconnection itself goes on forever in the background.
 */
export function createRedisClient(url: string, logger: Logger, timings: RedisTimings): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timings.commandTimeoutMs,
    socketTimeout: timings.socketTimeoutMs,
    connectTimeout: timings.connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, timings.maxReconnectDelayMs),
    connectionName: "omsbot",
  });
  // Never the URL: it may carry a password.
  const where = `${client.options.host ?? "?"}:${client.options.port ?? "?"}`;
  let downSince: number | undefined;
  let everReady = false;
  // One line per outage: the client retries every second and would otherwise log each attempt.
  const markDown = (reason: string) => {
    if (downSince !== undefined) return;
    downSince = Date.now();
    logger.warn(
      { redis: where, err: reason },
      "state store: Redis unreachable; state calls fail and scheduled runs pause until it is back",
    );
  };
  client.on("ready", () => {
    if (downSince !== undefined) {
      logger.warn(
        { redis: where, downMs: Date.now() - downSince },
        "state store: Redis is reachable again; scheduled runs resume",
      );
    } else if (!everReady) {
      logger.info({ redis: where }, "state store: connected to Redis");
    }
    everReady = true;
    downSince = undefined;
  });
  client.on("error", (e: Error) => markDown(e.message));
  client.on("close", () => {
    // A close we asked for (quit, disconnect) ends in "end", not "reconnecting".
    if (client.status === "reconnecting") markDown("connection closed");
  });
  return client;
}

/**
 * Connects once at open. Refused credentials stop the start (they will not fix themselves); an
 * unreachable server does not, since replicas must survive a Redis restart during a deploy:
 * the client keeps reconnecting and every call fails with STATE_UNAVAILABLE until it is back.
 */
export async function connectAtOpen(client: Redis, logger: Logger): Promise<void> {
  try {
    await client.connect();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (AUTH_REPLY.test(message)) {
      client.disconnect();
      throw new OmsbotError(
        "CONFIG_INVALID",
        "Redis refused the credentials in REDIS_URL. Check the user name and password.",
        { detail: `redis: ${message}`, cause: e },
      );
    }
    logger.warn(
      { err: message },
      "state store: Redis is not reachable at start; starting anyway, state calls fail until it is",
    );
  }
}

/** Gives the connection back: politely when it is up, at once when it is not. */
export async function closeClient(client: Redis): Promise<void> {
  if (client.status === "ready") {
    try {
      await client.quit();
      return;
    } catch {
      // Falls through: the connection went away while quitting.
    }
  }
  client.disconnect();
}
