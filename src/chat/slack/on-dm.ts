/**
 * Plain messages in the app's DM (the Messages tab): the same command language as `/oms` and
 * mentions, answered in the DM. Needs the bot event `message.im` and scope `im:history`
 * (https://api.slack.com/events/message.im). Every reply goes into the DM, errors included: only
 * the asker and the bot are in it, and ephemeral messages there are easy to lose.
 */
import type { App } from "@slack/bolt";
import { type AdapterDeps, buildContext, runAndDeliver } from "./handle.ts";
import { stripMention } from "./on-mention.ts";

/** Where a DM that asks something is answered; undefined when it asks nothing of us. */
export interface DmPlace {
  userId: string;
  channelId: string;
  threadTs?: string;
  text: string;
}

/**
 * Only a person's own new message counts. Edits, deletions, joins, `bot_message` and every other
 * subtype are events about a message, not a question (https://api.slack.com/events/message);
 * anything from a bot — ourselves above all, whose replies land in this very DM — must never be
 * answered, or two bots could talk to each other forever.
 */
export function dmPlace(event: unknown, botUserId: string | undefined): DmPlace | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const e = event as Record<string, unknown>;
  if (e.type !== "message" || e.channel_type !== "im") return undefined;
  if (e.subtype !== undefined || e.bot_id !== undefined || e.bot_profile !== undefined) {
    return undefined;
  }
  const { user, channel, ts, thread_ts: threadTs } = e;
  if (typeof user !== "string" || !user || user === botUserId) return undefined;
  if (typeof channel !== "string" || !channel || typeof ts !== "string") return undefined;
  // People often address the bot by name out of habit, even in its DM.
  const text = stripMention(typeof e.text === "string" ? e.text : "", botUserId) || "help";
  return {
    userId: user,
    channelId: channel,
    // A reply inside a DM thread stays in that thread; a top-level message is answered top-level.
    ...(typeof threadTs === "string" && threadTs ? { threadTs } : {}),
    text,
  };
}

export function registerDirectMessages(app: App, deps: AdapterDeps): void {
  app.event("message", async ({ event, context }) => {
    const place = dmPlace(event, context.botUserId);
    if (!place) return;
    deps.tasks.run("direct message", async () => {
      const ctx = await buildContext(deps, {
        userId: place.userId,
        channelId: place.channelId,
        // RequestContext has no "dm" source: a DM is answered where it was asked, like a mention.
        source: "mention",
      });
      await runAndDeliver(deps, place.text, ctx, {
        userId: place.userId,
        channelId: place.channelId,
        ...(place.threadTs ? { threadTs: place.threadTs } : {}),
        ignoreVisibility: true,
      });
    });
  });
}
