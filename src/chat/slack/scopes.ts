/**
 * Every Web API method this adapter calls, with the bot scope it needs (from each method's page
 * on https://api.slack.com/methods). manifest.yml must ask for exactly these scopes plus the
 * ones features need; test/slack/manifest.test.ts checks both ways.
 */
export const METHOD_SCOPES = {
  /** Token check at start (Bolt and us): no scope. */
  "auth.test": null,
  "chat.postMessage": "chat:write",
  "chat.postEphemeral": "chat:write",
  /** Alert roots turned RESOLVED, acknowledged, muted. */
  "chat.update": "chat:write",
  /**
   * Before an alert or digest is added: is the bot in that channel? One scope per kind of
   * conversation (public, private, DM, group DM), as the method's page lists.
   */
  "conversations.info": ["channels:read", "groups:read", "im:read", "mpim:read"],
  /** After a crash: the alert root or digest already posted, found by its message metadata. */
  "conversations.history": ["channels:history", "groups:history", "im:history", "mpim:history"],
  /** files.uploadV2 = these two calls plus a POST to the returned upload URL. */
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
  /** The asker's timezone. */
  "users.info": "users:read",
  /** App Home: no scope. */
  "views.publish": null,
  /** Socket Mode, with the app-level token (its `connections:write` is not a bot scope). */
  "apps.connections.open": null,
} as const satisfies Record<string, string | readonly string[] | null>;

export type SlackMethod = keyof typeof METHOD_SCOPES;

/** Scopes needed by features rather than by calls we make. */
export const FEATURE_SCOPES = {
  /** The /oms slash command. */
  slashCommand: "commands",
  /** The app_mention event subscription. */
  appMention: "app_mentions:read",
  /** The message.im event subscription: plain messages in the app's DM (Messages tab). */
  directMessages: "im:history",
} as const;

/** Bot events manifest.yml subscribes to: exactly those the adapter has a listener for. */
export const BOT_EVENTS = ["app_home_opened", "app_mention", "message.im"] as const;

export function requiredBotScopes(): string[] {
  const scopes = new Set<string>(Object.values(FEATURE_SCOPES));
  for (const s of Object.values(METHOD_SCOPES)) {
    if (typeof s === "string") scopes.add(s);
    else if (s) for (const one of s) scopes.add(one);
  }
  return [...scopes].sort();
}
