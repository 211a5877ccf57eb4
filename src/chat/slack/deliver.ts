/**
 * Sends a Reply to Slack. Channel replies: the Block Kit message(s) first, then the files in one
 * files.uploadV2 call (see README "How blocks and files are sent"). Ephemeral replies: through
 * response_url when there is one (it works where the bot is not a member), else
 * chat.postEphemeral. When the bot cannot post where it was asked, the asker is told how to fix
 * it; every failure is logged with Slack's error code.
 */
import type { RespondArguments, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { Reply } from "../../core/reply.ts";
import { hasOwnBlocks, type SlackMessage, toBlockKit } from "./block-kit.ts";
import { LIMITS } from "./limits.ts";
import type { SlackMetrics } from "./metrics.ts";
import { cannotPostAdvice, SlackDeliveryError, toDeliveryError } from "./slack-errors.ts";
import { truncate } from "./split-text.ts";

/** response_url accepts a handful of uses (commonly documented as 5 in 30 minutes). */
const MAX_RESPONDS = 5;

export interface Destination {
  userId: string;
  /** Where channel replies go (for App Home clicks: the user ID, i.e. the app's DM). */
  channelId?: string;
  threadTs?: string;
  /** response_url of a slash command or a message button. */
  respond?: RespondFn;
  /** Mentions and Home clicks: every reply goes to channelId/threadTs whatever its visibility. */
  ignoreVisibility?: boolean;
}

export interface DeliverDeps {
  client: WebClient;
  logger: Logger;
  metrics: SlackMetrics;
}

/** ok: delivered as asked · told_asker: could not post there, the asker was told · failed. */
export type DeliveryOutcome = "ok" | "told_asker" | "failed";

export async function deliver(
  deps: DeliverDeps,
  reply: Reply,
  dest: Destination,
): Promise<DeliveryOutcome> {
  const toChannel = dest.ignoreVisibility === true || reply.visibility === "channel";
  try {
    if (toChannel && dest.channelId) {
      await postToChannel(deps, reply, dest.channelId, dest.threadTs);
    } else {
      await sendEphemeral(deps, reply, dest);
    }
    return "ok";
  } catch (e) {
    const err = toDeliveryError("deliver", e);
    deps.metrics.errors.inc({ method: err.method, code: err.code });
    deps.logger.error(
      { slackError: err.code, method: err.method, channelId: dest.channelId, userId: dest.userId },
      "could not deliver a reply to Slack",
    );
    return tellAsker(deps, reply, dest, err);
  }
}

async function postToChannel(
  deps: DeliverDeps,
  reply: Reply,
  channel: string,
  threadTs: string | undefined,
): Promise<void> {
  const { client } = deps;
  const withFiles = reply.files.length > 0;
  // A user ID as channel means the app's DM (App Home clicks): chat.postMessage accepts it and
  // answers with the DM's channel ID, which the upload needs (files.completeUploadExternal
  // takes channel IDs only, and conversations.open would need one more scope, im:write).
  const isUser = /^[UW]/.test(channel);
  let uploadTo = channel;
  // A file reply whose blocks only repeat its text needs no separate message: the text rides
  // along as the upload's initial_comment.
  if (!withFiles || hasOwnBlocks(reply) || isUser) {
    for (const m of toBlockKit(reply)) {
      const res = await call("chat.postMessage", () =>
        client.chat.postMessage({
          channel,
          text: m.text,
          blocks: m.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      );
      if (typeof res.channel === "string" && res.channel) uploadTo = res.channel;
    }
  }
  if (withFiles) await upload(deps, reply, uploadTo, threadTs);
}

async function upload(
  deps: DeliverDeps,
  reply: Reply,
  channel: string,
  threadTs: string | undefined,
): Promise<void> {
  try {
    await call("files.uploadV2", () =>
      deps.client.filesUploadV2({
        channel_id: channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        initial_comment: truncate(reply.text, LIMITS.initialComment),
        file_uploads: reply.files.map((f) => ({
          // web-api only sends Buffers as binary (a bare Uint8Array would be JSON-encoded).
          file: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
          filename: f.filename,
          title: f.title,
        })),
      }),
    );
    deps.metrics.uploads.inc({ outcome: "ok" }, reply.files.length);
  } catch (e) {
    deps.metrics.uploads.inc({ outcome: "failed" }, reply.files.length);
    throw e;
  }
}

async function sendEphemeral(deps: DeliverDeps, reply: Reply, dest: Destination): Promise<void> {
  let messages = toBlockKit(reply);
  if (reply.files.length > 0) {
    // Ephemeral messages cannot carry files (and a DM upload needs im:write): say so.
    deps.logger.warn(
      { files: reply.files.length },
      "ephemeral reply had files; they were not sent",
    );
    messages = [
      ...messages,
      {
        text: "Files not sent",
        blocks: [noteBlock("_The attached file(s) can only be posted in a channel._")],
      },
    ];
  }
  if (dest.respond) {
    await respondAll(dest.respond, messages);
    return;
  }
  if (!dest.channelId) {
    throw new SlackDeliveryError("chat.postEphemeral", "no_destination");
  }
  for (const m of messages) {
    const channel = dest.channelId;
    await call("chat.postEphemeral", () =>
      deps.client.chat.postEphemeral({
        channel,
        user: dest.userId,
        text: m.text,
        blocks: m.blocks,
        ...(dest.threadTs ? { thread_ts: dest.threadTs } : {}),
      }),
    );
  }
}

async function respondAll(respond: RespondFn, messages: SlackMessage[]): Promise<void> {
  const sent = messages.slice(0, MAX_RESPONDS);
  if (messages.length > MAX_RESPONDS) {
    const last = sent[sent.length - 1];
    if (last)
      last.blocks = [
        ...last.blocks.slice(0, LIMITS.messageBlocks - 1),
        noteBlock("_…cut: too long to show here._"),
      ];
  }
  for (const m of sent) {
    const args: RespondArguments = {
      response_type: "ephemeral",
      replace_original: false,
      text: m.text,
      blocks: m.blocks,
    };
    await call("response_url", () => respond(args));
  }
}

/**
 * After a failed delivery: when the bot cannot post there, the asker gets the advice plus the
 * answer itself, privately, through response_url (which needs no membership). Without a
 * response_url (mentions, Home) there is nobody to tell but the log.
 */
async function tellAsker(
  deps: DeliverDeps,
  reply: Reply,
  dest: Destination,
  err: SlackDeliveryError,
): Promise<DeliveryOutcome> {
  if (!dest.respond || err.method === "response_url") return "failed";
  const advice = err.cannotPostHere
    ? cannotPostAdvice(err.code, dest.channelId)
    : "Slack didn't accept my answer, so only you can see it below. Please try again in a minute; the problem has been logged.";
  const [first] = toBlockKit({ ...reply, files: [] });
  const blocks = [
    noteBlock(`:warning: ${advice}`),
    ...(first?.blocks ?? []).slice(0, LIMITS.messageBlocks - 3),
  ];
  if (reply.files.length > 0) {
    // The summary would have been the file's comment: keep it, say the file itself is missing.
    blocks.push(noteBlock(truncate(reply.text, LIMITS.contextText)));
    blocks.push(noteBlock("_The chart/file could not be posted._"));
  }
  try {
    await call("response_url", () =>
      (dest.respond as RespondFn)({
        response_type: "ephemeral",
        replace_original: false,
        text: advice,
        blocks,
      }),
    );
    return err.cannotPostHere ? "told_asker" : "failed";
  } catch (e) {
    const second = toDeliveryError("response_url", e);
    deps.metrics.errors.inc({ method: second.method, code: second.code });
    deps.logger.error(
      { slackError: second.code, method: second.method, userId: dest.userId },
      "could not tell the asker that the reply failed",
    );
    return "failed";
  }
}

function noteBlock(text: string): SlackMessage["blocks"][number] {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

/** Runs one Slack call, turning whatever it throws into a SlackDeliveryError naming the method. */
async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const status = (e as { statusCode?: unknown }).statusCode;
    if (method === "response_url" && typeof status === "number") {
      throw new SlackDeliveryError(method, `http_${status}`, { cause: e });
    }
    throw toDeliveryError(method, e);
  }
}
