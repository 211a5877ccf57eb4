/**
 * What the bot posts on its own in Slack (alerts, digests): roots whose `ts` comes back, replies
 * in their threads, updates, files into a thread. Every Slack failure becomes a coded error:
 * CHAT_MESSAGE_GONE (the message was deleted: never retried), CHAT_CANNOT_POST (a person must
 * act: invite the bot, unarchive), CHAT_UNAVAILABLE (anything else: the caller retries later).
 */
import type { WebClient } from "@slack/web-api";
import type { OutboundChat, OutboundMessage, PostedRef } from "../../app/ports.ts";
import { OmsbotError } from "../../errors.ts";
import { toBlockKit } from "./block-kit.ts";
import { LIMITS } from "./limits.ts";
import { CANNOT_POST, cannotPostAdvice, slackErrorCode } from "./slack-errors.ts";
import { truncate } from "./split-text.ts";

const GONE = new Set(["message_not_found", "cant_update_message", "thread_not_found"]);
/** As for answers, plus a scope the workspace has not granted (a person must reinstall). */
const CANNOT_POST_HERE: ReadonlySet<string> = new Set([...CANNOT_POST, "missing_scope"]);

/** How far back `findRoot` reads a channel's history: a crash is healed within minutes. */
const HISTORY_PAGE = 200;

function chatError(method: string, e: unknown, channelId: string): OmsbotError {
  const code = slackErrorCode(e);
  const detail = `${method} in ${channelId}: ${code}`;
  if (GONE.has(code)) {
    return new OmsbotError("CHAT_MESSAGE_GONE", "The message was deleted in Slack.", { detail });
  }
  if (CANNOT_POST_HERE.has(code)) {
    return new OmsbotError("CHAT_CANNOT_POST", cannotPostAdvice(code, channelId), { detail });
  }
  return new OmsbotError(
    "CHAT_UNAVAILABLE",
    "Slack did not take the message; it will be retried.",
    {
      detail,
      cause: e,
    },
  );
}

function content(m: OutboundMessage): {
  text: string;
  blocks: ReturnType<typeof toBlockKit>[number]["blocks"];
} {
  // Scheduled posts are built to fit one message; anything longer is cut by toBlockKit's packing.
  const [first] = toBlockKit({ visibility: "channel", text: m.text, blocks: m.blocks, files: [] });
  return {
    text: first?.text ?? truncate(m.text, LIMITS.fallbackText),
    blocks: first?.blocks ?? [],
  };
}

function metadata(m: OutboundMessage) {
  return m.metadata
    ? { metadata: { event_type: m.metadata.eventType, event_payload: m.metadata.payload } }
    : {};
}

export function slackOutbound(client: WebClient): OutboundChat {
  const post = async (
    channelId: string,
    m: OutboundMessage,
    threadTs?: string,
  ): Promise<PostedRef> => {
    try {
      const res = await client.chat.postMessage({
        channel: channelId,
        ...content(m),
        ...metadata(m),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!res.ts) throw new Error("chat.postMessage answered without a ts");
      return { channelId: res.channel ?? channelId, ts: res.ts };
    } catch (e) {
      throw chatError("chat.postMessage", e, channelId);
    }
  };

  return {
    postRoot: (channelId, m) => post(channelId, m),
    replyInThread: (root, m) => post(root.channelId, m, root.ts),

    async update(ref, m) {
      try {
        await client.chat.update({
          channel: ref.channelId,
          ts: ref.ts,
          ...content(m),
          ...metadata(m),
        });
      } catch (e) {
        throw chatError("chat.update", e, ref.channelId);
      }
    },

    async upload(channelId, file, opts) {
      try {
        await client.filesUploadV2({
          channel_id: channelId,
          ...(opts.thread ? { thread_ts: opts.thread.ts } : {}),
          ...(opts.comment
            ? { initial_comment: truncate(opts.comment, LIMITS.initialComment) }
            : {}),
          file_uploads: [
            {
              // web-api only sends Buffers as binary (a bare Uint8Array would be JSON-encoded).
              file: Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength),
              filename: file.filename,
              title: file.title,
            },
          ],
        });
      } catch (e) {
        throw chatError("files.uploadV2", e, channelId);
      }
    },

    async canPost(channelId) {
      try {
        const res = await client.conversations.info({ channel: channelId });
        const c = res.channel;
        if (c?.is_archived)
          return { ok: false, reason: cannotPostAdvice("is_archived", channelId) };
        // A DM or a channel the bot is in. Public channels the bot is not in need an invitation:
        // the manifest does not ask for chat:write.public.
        if (c?.is_im || c?.is_member) return { ok: true };
        return { ok: false, reason: cannotPostAdvice("not_in_channel", channelId) };
      } catch (e) {
        const err = chatError("conversations.info", e, channelId);
        if (err.code === "CHAT_CANNOT_POST") return { ok: false, reason: err.userMessage };
        throw err;
      }
    },

    async findRoot(channelId, eventType, match, sinceMs) {
      try {
        const res = await client.conversations.history({
          channel: channelId,
          oldest: String(Math.floor(sinceMs / 1000)),
          limit: HISTORY_PAGE,
          include_all_metadata: true,
        });
        for (const msg of res.messages ?? []) {
          const meta = msg.metadata;
          if (
            msg.ts &&
            meta?.event_type === eventType &&
            (meta.event_payload as Record<string, unknown> | undefined)?.[match.key] === match.value
          ) {
            return { channelId, ts: msg.ts };
          }
        }
        return undefined;
      } catch (e) {
        throw chatError("conversations.history", e, channelId);
      }
    },
  };
}
