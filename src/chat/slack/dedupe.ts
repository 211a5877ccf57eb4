/**
 * Slack re-sends an event it thinks was not answered (at once, ~1 min, ~5 min later:
 * https://api.slack.com/apis/events-api#retries), and Socket Mode has been seen to deliver one
 * app_mention twice (bolt-js #2487). Every copy carries the same `event_id`: the first one seen
 * is handled, later copies within the TTL are dropped. Retries are not dropped blindly — when the
 * first delivery never reached us, the retry is the only copy and must be handled.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "pino";
import type { RunClaims } from "../../app/ports.ts";
import type { SlackMetrics } from "./metrics.ts";
import { TtlCache } from "./ttl-cache.ts";

/** Longer than Slack's last retry (~5 min after the first try). */
export const EVENT_ID_TTL_MS = 15 * 60_000;

/**
 * With several replicas, a retry may reach another replica than the first copy: `claims` (Redis)
 * makes "first seen" hold across them. If the claims cannot be asked (Redis down), this replica's
 * own memory decides: an event answered twice is better than one never answered.
 */
export function dedupeEvents(
  metrics: SlackMetrics,
  logger: Logger,
  claims?: RunClaims,
  seen = new TtlCache<string, true>(EVENT_ID_TTL_MS, 10_000),
): Middleware<AnyMiddlewareArgs> {
  const firstSeen = async (eventId: string): Promise<boolean> => {
    const local = seen.addIfAbsent(eventId, true);
    if (!claims) return local;
    try {
      return await claims.tryClaim(`slack-event:${eventId}`, EVENT_ID_TTL_MS);
    } catch (e) {
      logger.warn(
        { eventId, err: e instanceof Error ? e.message : String(e) },
        "cannot check Slack event duplicates across replicas; this replica decides alone",
      );
      return local;
    }
  };
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === "string" && !(await firstSeen(eventId))) {
      metrics.duplicate();
      logger.info(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        "dropped a repeated Slack event",
      );
      return;
    }
    await next();
  };
}
