import type { Reply, ReplyBlock } from "../core/reply.ts";

/** One per request, built by the chat adapter (bolt-js style): who asks, where, when, in which tz. */
export interface RequestContext {
  /** Slack user ID, or "shell". */
  userId: string;
  /** IANA timezone of the asker (users.info tz), else DEFAULT_TZ. */
  tz: string;
  /** ms since epoch: the clock is passed in, never read inside core/. */
  now: number;
  /** The channel the command came from (Slack channel ID), when there is one. */
  channelId?: string;
  /** Whether BOT_ADMINS allows this user to change alerts and digests. */
  isAdmin: boolean;
  source: "command" | "mention" | "button" | "shell";
}

/** What every chat adapter drives: the shell and Slack share every feature through this. */
export interface CommandRunner {
  /** Never throws: errors come back as an ephemeral Reply with `isError: true`. */
  run(text: string, ctx: RequestContext): Promise<Reply>;
  /** The App Home / overview: tasks at a glance, alert rules, digests, how to use the bot. */
  home(ctx: RequestContext): Promise<ReplyBlock[]>;
}
