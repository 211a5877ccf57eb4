/**
 * Sends a Reply to Slack. Channel replies: the Block Kit message(s) first, then the files in one
 * files.uploadV2 call (see README "How blocks and files are sent"). Ephemeral replies: through
 * response_url when there is one (it works where the bot is not a member), else — or when it
 * fails — chat.postEphemeral (send-private.ts). When the bot cannot post where it was asked, the
 * asker is told how to fix it (recovery-plan.ts); every failure is logged with Slack's error code.
 */
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { Reply } from "../../core/reply.ts";
import { hasOwnBlocks, packBlocks, toBlockKit } from "./block-kit.ts";
import { LIMITS } from "./limits.ts";
import type { SlackMetrics } from "./metrics.ts";
import { type ChannelProgress, recoveryPlan } from "./recovery-plan.ts";
import { call, noteBlock, type PrivateState, sendPrivately } from "./send-private.ts";
import { type SlackDeliveryError, toDeliveryError } from "./slack-errors.ts";
import { truncate } from "./split-text.ts";

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

/**
 * ok: delivered as asked · told_asker: could not post there, the asker was told · failed (also
 * when only part of the reply arrived).
 */
export type DeliveryOutcome = "ok" | "told_asker" | "failed";

export async function deliver(
  deps: DeliverDeps,
  reply: Reply,
  dest: Destination,
): Promise<DeliveryOutcome> {
  const toChannel = dest.ignoreVisibility === true || reply.visibility === "channel";
  const progress: ChannelProgress = { messages: [], posted: 0, uploading: false };
  const state: PrivateState = { respondFailed: false };
  try {
    if (toChannel && dest.channelId) {
      await postToChannel(deps, reply, dest.channelId, dest.threadTs, progress);
    } else {
      await sendEphemeral(deps, reply, dest, state);
    }
    return "ok";
  } catch (e) {
    const err = toDeliveryError("deliver", e);
    deps.metrics.error(err.method, err.code);
    deps.logger.error(
      {
        slackError: err.code,
        method: err.method,
        channelId: dest.channelId,
        userId: dest.userId,
        posted: progress.posted,
        planned: progress.messages.length,
      },
      "could not deliver a reply to Slack",
    );
    return tellAsker(deps, reply, dest, err, progress, state);
  }
}

async function postToChannel(
  deps: DeliverDeps,
  reply: Reply,
  channel: string,
  threadTs: string | undefined,
  progress: ChannelProgress,
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
    progress.messages = toBlockKit(reply);
    for (const m of progress.messages) {
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
      progress.posted += 1;
      if (typeof res.channel === "string" && res.channel) uploadTo = res.channel;
    }
  }
  if (withFiles) {
    progress.uploading = true;
    await upload(deps, reply, uploadTo, threadTs);
  }
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
    deps.metrics.uploads("ok", reply.files.length);
  } catch (e) {
    deps.metrics.uploads("failed", reply.files.length);
    throw e;
  }
}

async function sendEphemeral(
  deps: DeliverDeps,
  reply: Reply,
  dest: Destination,
  state: PrivateState,
): Promise<void> {
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
  await sendPrivately(deps, dest, messages, state);
}

/**
 * After a failed delivery the asker learns what is missing and why, and gets privately, through
 * response_url (which needs no membership), only what did not arrive. Mentions and Home clicks
 * have no response_url: if part of the reply is already public there, a short note in the same
 * place says what is missing; otherwise there is nobody to tell but the log.
 */
async function tellAsker(
  deps: DeliverDeps,
  reply: Reply,
  dest: Destination,
  err: SlackDeliveryError,
  progress: ChannelProgress,
  state: PrivateState,
): Promise<DeliveryOutcome> {
  const plan = recoveryPlan(reply, dest, err, progress);
  const outcome = err.cannotPostHere ? "told_asker" : "failed";
  // Once response_url has failed (a private reply tries it first) it is not tried again.
  if (dest.respond && !state.respondFailed) {
    const blocks = [noteBlock(`:warning: ${plan.privateAdvice}`), ...plan.missing];
    const messages = packBlocks(blocks, LIMITS.messageBlocks).map((group, i) => ({
      text:
        i === 0
          ? plan.privateAdvice
          : truncate(reply.text || plan.privateAdvice, LIMITS.fallbackText),
      blocks: group,
    }));
    try {
      // When the channel refuses the bot, chat.postEphemeral there would be refused too.
      await sendPrivately(deps, dest, messages, state, !err.cannotPostHere);
      return outcome;
    } catch (e) {
      return logTellFailure(deps, dest, e);
    }
  }
  if (plan.publicNote && dest.ignoreVisibility && dest.channelId) {
    const channel = dest.channelId;
    const text = `:warning: ${plan.publicNote}`;
    try {
      await call("chat.postMessage", () =>
        deps.client.chat.postMessage({
          channel,
          text,
          blocks: [noteBlock(text)],
          ...(dest.threadTs ? { thread_ts: dest.threadTs } : {}),
        }),
      );
      return outcome;
    } catch (e) {
      return logTellFailure(deps, dest, e);
    }
  }
  return "failed";
}

function logTellFailure(deps: DeliverDeps, dest: Destination, e: unknown): DeliveryOutcome {
  const second = toDeliveryError("response_url", e);
  deps.metrics.error(second.method, second.code);
  deps.logger.error(
    { slackError: second.code, method: second.method, userId: dest.userId },
    "could not tell the asker that the reply failed",
  );
  return "failed";
}
