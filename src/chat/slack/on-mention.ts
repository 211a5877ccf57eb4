/**
 * `@omsbot <command>` in a channel: the same language, answered in the mention's thread
 * (`thread_ts` = the mention's thread, or the mention itself). The mention was public, so every
 * reply — errors and help included — goes into that thread: an ephemeral message inside a
 * thread is easy to miss and would leave the visible question looking unanswered.
 */
import type { App } from "@slack/bolt";
import { type AdapterDeps, buildContext, runAndDeliver } from "./handle.ts";

export function registerMention(app: App, deps: AdapterDeps): void {
  app.event("app_mention", async ({ event, context }) => {
    const userId = event.user;
    if (!userId) return; // mentions by other apps' bot messages: nobody to answer
    const text = stripMention(event.text, context.botUserId) || "help";
    const threadTs = event.thread_ts ?? event.ts;
    deps.tasks.run("mention", async () => {
      const ctx = await buildContext(deps, { userId, channelId: event.channel, source: "mention" });
      await runAndDeliver(deps, text, ctx, {
        userId,
        channelId: event.channel,
        threadTs,
        ignoreVisibility: true,
      });
    });
  });
}

/** Removes `<@BOTID>` (and `<@BOTID|name>`) mentions; without the bot's ID, the leading one. */
export function stripMention(text: string, botUserId: string | undefined): string {
  const stripped = botUserId
    ? text.replace(new RegExp(`<@${escapeRe(botUserId)}(?:\\|[^>]*)?>`, "g"), " ")
    : text.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/, " ");
  return stripped.replace(/\s+/g, " ").trim();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
