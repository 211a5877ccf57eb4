/**
 * The first global middleware: while the adapter runs, it counts every listener run as in-flight
 * work (so stop() waits for a request that was acked but whose work has not been scheduled yet);
 * once stop() has begun, it refuses new work with a short "restarting" note instead of starting
 * work that the drain might cut off.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { BackgroundTasks } from "./background.ts";
import { dmPlace } from "./on-dm.ts";
import { slackErrorCode } from "./slack-errors.ts";

export const RESTARTING_TEXT =
  ":arrows_counterclockwise: I'm restarting right now. Please try again in a moment.";

export function gateWhileStopping(deps: {
  tasks: BackgroundTasks;
  client: WebClient;
  logger: Logger;
}): Middleware<AnyMiddlewareArgs> {
  const { tasks, logger } = deps;
  return async (args) => {
    if (tasks.accepting) {
      await tasks.track(args.next());
      return;
    }
    if ("command" in args) {
      // The ack's body is the cheapest answer: no extra call, shown only to the asker
      // (https://api.slack.com/interactivity/slash-commands#responding_immediate_response).
      await args.ack({ response_type: "ephemeral", text: RESTARTING_TEXT });
      logger.info("refused a slash command: stopping");
      return;
    }
    if ("ack" in args) {
      // Buttons, views, options: Slack wants the ack within 3 s whatever we do next.
      await (args.ack as () => Promise<void>)();
      const respond = "respond" in args ? args.respond : undefined;
      if (respond) {
        send(deps, "response_url", () =>
          respond({ response_type: "ephemeral", replace_original: false, text: RESTARTING_TEXT }),
        );
      }
      logger.info("refused an interaction: stopping");
      return;
    }
    // Events were acked by Bolt before any middleware, and over a socket Slack will not send them
    // again (over HTTP the request guard answers 503 first, so Slack retries later): say so where
    // the question was asked rather than drop it silently.
    const place = whereToAnswer(args.event, args.context.botUserId);
    if (place) {
      send(deps, "chat.postMessage", () =>
        deps.client.chat.postMessage({
          channel: place.channelId,
          text: RESTARTING_TEXT,
          ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
        }),
      );
    }
    logger.info({ eventType: args.event.type }, "ignored an event: stopping");
  };
}

function whereToAnswer(
  event: { type: string },
  botUserId: string | undefined,
): { channelId: string; threadTs?: string } | undefined {
  if (event.type === "app_mention") {
    const e = event as { user?: string; channel?: string; ts?: string; thread_ts?: string };
    if (!e.user || !e.channel) return undefined;
    const threadTs = e.thread_ts ?? e.ts;
    return { channelId: e.channel, ...(threadTs ? { threadTs } : {}) };
  }
  return dmPlace(event, botUserId);
}

/** The note itself is in-flight work too: the drain waits for it. Its failure is only logged. */
function send(
  deps: { tasks: BackgroundTasks; logger: Logger },
  method: string,
  fn: () => Promise<unknown>,
): void {
  void deps.tasks.track(
    fn().catch((e: unknown) => {
      deps.logger.warn({ slackError: slackErrorCode(e), method }, "restarting note not sent");
    }),
  );
}
