/**
 * Slack re-sends an event it thinks was not answered (at once, ~1 min, ~5 min later:
 * https://api.slack.com/apis/events-api#retries), and Socket Mode has been seen to deliver one
 * app_mention twice (bolt-js #2487). Every copy carries the same `event_id`: the first one seen
 * is handled, later copies within the TTL are dropped. Retries are not dropped blindly — when the
 * first delivery never reached us, the retry is the only copy and must be handled.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "pino";
import type { SlackMetrics } from "./metrics.ts";
import { TtlCache } from "./ttl-cache.ts";

/** Longer than Slack's last retry (~5 min after the first try). */
export const EVENT_ID_TTL_MS = 15 * 60_000;

export function dedupeEvents(
  metrics: SlackMetrics,
  logger: Logger,
  seen = new TtlCache<string, true>(EVENT_ID_TTL_MS, 10_000),
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === "string" && !seen.addIfAbsent(eventId, true)) {
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
