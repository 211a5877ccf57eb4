/**
 * Slack failures as coded errors. The code is Slack's own error string (`not_in_channel`,
 * `ratelimited`, ...) when Slack gave one, so logs and metrics can be grouped by it.
 */

/** Errors after which posting in that conversation cannot work until a person acts. */
export const CANNOT_POST: ReadonlySet<string> = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "ekm_access_denied",
  "team_access_not_granted",
]);

export class SlackDeliveryError extends Error {
  /** Slack's error string, or one of ours: `http_error`, `request_error`, `respond_failed`. */
  readonly code: string;
  /** The Web API method or `response_url`. */
  readonly method: string;

  constructor(method: string, code: string, options: { cause?: unknown; detail?: string } = {}) {
    super(`${method} failed: ${code}${options.detail ? ` (${options.detail})` : ""}`, {
      cause: options.cause,
    });
    this.name = "SlackDeliveryError";
    this.code = code;
    this.method = method;
  }

  get cannotPostHere(): boolean {
    return CANNOT_POST.has(this.code);
  }
}

/**
 * Reads the Slack error code out of whatever @slack/web-api threw: a platform error carries
 * `data.error`; HTTP and transport errors carry their own `code`. Nothing else (no headers,
 * no request body with the token) is kept.
 */
export function slackErrorCode(e: unknown): string {
  if (e instanceof SlackDeliveryError) return e.code;
  if (typeof e === "object" && e !== null) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === "object" && data !== null) {
      const err = (data as { error?: unknown }).error;
      if (typeof err === "string" && err) return err;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code) return code.replace(/^slack_webapi_/, "");
  }
  return "unknown";
}

export function toDeliveryError(method: string, e: unknown): SlackDeliveryError {
  if (e instanceof SlackDeliveryError) return e;
  const detail = e instanceof Error ? e.message.slice(0, 300) : undefined;
  return new SlackDeliveryError(method, slackErrorCode(e), { cause: e, detail });
}

/** What the asker is told when the bot cannot post where they asked. For the user: no codes. */
export function cannotPostAdvice(code: string, channelId: string | undefined): string {
  if (code === "is_archived") {
    return "This channel is archived, so I can't post here. Ask again in an active channel.";
  }
  if (code.startsWith("restricted_action")) {
    return "This channel doesn't allow me to post here. Ask a channel manager, or use a channel where I may post.";
  }
  const isDm = channelId?.startsWith("D") ?? false;
  if (isDm) {
    return "I can't post in this conversation. Use `/oms` in my *Messages* tab (open my App Home), or in a channel I'm in.";
  }
  return "I'm not a member of this channel, so I can't post here. Invite me with `/invite @omsbot`, then try again.";
}
