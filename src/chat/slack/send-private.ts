/**
 * Messages only the asker sees. response_url first: it works where the bot is not a member.
 * When it fails — expired (30 min), used up (~5 uses), Slack answering 404/500, or the network —
 * the rest goes through chat.postEphemeral to the same user in the same channel (DESIGN.md,
 * "Slack behaviour"), which needs the bot in that channel; if that fails too, the caller logs it.
 */
import type { RespondArguments, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { SlackMessage } from "./block-kit.ts";
import { LIMITS } from "./limits.ts";
import type { SlackMetrics } from "./metrics.ts";
import { SlackDeliveryError, toDeliveryError } from "./slack-errors.ts";

/** response_url accepts a handful of uses (commonly documented as 5 in 30 minutes). */
const MAX_RESPONDS = 5;

export interface PrivateTarget {
  userId: string;
  channelId?: string;
  threadTs?: string;
  respond?: RespondFn;
}

export interface PrivateDeps {
  client: WebClient;
  logger: Logger;
  metrics: SlackMetrics;
}

/** Shared by one delivery: once response_url has failed, it is not tried again. */
export interface PrivateState {
  respondFailed: boolean;
}

export async function sendPrivately(
  deps: PrivateDeps,
  to: PrivateTarget,
  messages: SlackMessage[],
  state: PrivateState,
  /** False when the channel is known to refuse the bot (not_in_channel, ...): no fallback then. */
  fallback = true,
): Promise<void> {
  let sent = 0;
  if (to.respond && !state.respondFailed) {
    try {
      for (const m of capForRespond(messages)) {
        await call("response_url", () => respondOnce(to.respond as RespondFn, m));
        sent += 1;
      }
      return;
    } catch (e) {
      state.respondFailed = true;
      const err = toDeliveryError("response_url", e);
      if (!to.channelId || !fallback) throw err;
      deps.metrics.error(err.method, err.code);
      deps.logger.warn(
        { slackError: err.code, method: err.method, userId: to.userId, channelId: to.channelId },
        "response_url failed: sending privately through chat.postEphemeral instead",
      );
    }
  }
  const channel = to.channelId;
  if (!channel) throw new SlackDeliveryError("chat.postEphemeral", "no_destination");
  for (const m of messages.slice(sent)) {
    await call("chat.postEphemeral", () =>
      deps.client.chat.postEphemeral({
        channel,
        user: to.userId,
        text: m.text,
        blocks: m.blocks,
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
      }),
    );
  }
}

/** At most MAX_RESPONDS messages; the last one then says the rest was cut. */
function capForRespond(messages: SlackMessage[]): SlackMessage[] {
  if (messages.length <= MAX_RESPONDS) return messages;
  const sent = messages.slice(0, MAX_RESPONDS);
  const last = sent[sent.length - 1];
  if (last) {
    sent[sent.length - 1] = {
      ...last,
      blocks: [
        ...last.blocks.slice(0, LIMITS.messageBlocks - 1),
        noteBlock("_…cut: too long to show here._"),
      ],
    };
  }
  return sent;
}

function respondOnce(respond: RespondFn, m: SlackMessage): Promise<unknown> {
  const args: RespondArguments = {
    response_type: "ephemeral",
    replace_original: false,
    text: m.text,
    blocks: m.blocks,
  };
  return respond(args);
}

export function noteBlock(text: string): SlackMessage["blocks"][number] {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

/** Runs one Slack call, turning whatever it throws into a SlackDeliveryError naming the method. */
export async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const status = (e as { statusCode?: unknown }).statusCode;
    if (method === "response_url") {
      // Bolt's RespondError carries the HTTP status; a network failure is a bare fetch TypeError.
      const code = typeof status === "number" ? `http_${status}` : "request_error";
      throw new SlackDeliveryError(method, code, { cause: e });
    }
    throw toDeliveryError(method, e);
  }
}
