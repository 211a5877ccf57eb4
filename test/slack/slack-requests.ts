/**
 * Requests to the bot's `POST /slack/events` exactly as Slack sends them
 * (https://api.slack.com/authentication/verifying-requests-from-slack): slash commands and
 * interactivity as form bodies with content-type exactly `application/x-www-form-urlencoded`
 * (a `; charset` suffix makes Bolt 5 answer 400, see slack-notes), events as JSON, each signed
 * with `x-slack-signature` over `v0:{timestamp}:{raw body}`.
 */
import { createHmac, randomUUID } from "node:crypto";

export const SIGNING_SECRET = "test-signing-secret";

export interface SignedAnswer {
  status: number;
  text: string;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: "application/x-www-form-urlencoded" | "application/json",
  opts: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {},
): Promise<SignedAnswer> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": sign(opts.secret ?? SIGNING_SECRET, timestamp, body),
      ...opts.headers,
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

export interface SlashCommandArgs {
  text: string;
  userId?: string;
  channelId?: string;
  responseUrl: string;
}

export function slashCommandBody(a: SlashCommandArgs): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: "T0001",
    team_domain: "example",
    channel_id: a.channelId ?? "C0001",
    channel_name: "migrations",
    user_id: a.userId ?? "U0001",
    user_name: "alice",
    command: "/oms",
    text: a.text,
    api_app_id: "A0001",
    is_enterprise_install: "false",
    response_url: a.responseUrl,
    trigger_id: `trigger.${randomUUID()}`,
  }).toString();
}

export function sendCommand(base: string, a: SlashCommandArgs): Promise<SignedAnswer> {
  return postSigned(
    `${base}/slack/events`,
    slashCommandBody(a),
    "application/x-www-form-urlencoded",
  );
}

export function eventBody(
  event: Record<string, unknown>,
  eventId: string = `Ev${randomUUID()}`,
): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T0001",
    api_app_id: "A0001",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: "T0001", user_id: "UBOT0001", is_bot: true, is_enterprise_install: false },
    ],
    event,
  });
}

export function sendEvent(
  base: string,
  event: Record<string, unknown>,
  eventId?: string,
  headers?: Record<string, string>,
): Promise<SignedAnswer> {
  return postSigned(
    `${base}/slack/events`,
    eventBody(event, eventId),
    "application/json",
    headers ? { headers } : {},
  );
}

export interface ButtonClickArgs {
  command: string;
  actionId?: string;
  userId?: string;
  channelId?: string;
  messageTs?: string;
  threadTs?: string;
  responseUrl: string;
  home?: boolean;
}

export function buttonClickPayload(a: ButtonClickArgs): Record<string, unknown> {
  const container = a.home
    ? { type: "view", view_id: "V0001" }
    : {
        type: "message",
        message_ts: a.messageTs ?? "1700000000.000001",
        channel_id: a.channelId ?? "C0001",
        is_ephemeral: false,
      };
  return {
    type: "block_actions",
    team: { id: "T0001", domain: "example" },
    user: { id: a.userId ?? "U0001", username: "alice", name: "alice", team_id: "T0001" },
    api_app_id: "A0001",
    token: "legacy-verification-token",
    container,
    trigger_id: `trigger.${randomUUID()}`,
    ...(a.home
      ? { view: { id: "V0001", type: "home", blocks: [] } }
      : {
          channel: { id: a.channelId ?? "C0001", name: "migrations" },
          message: {
            type: "message",
            ts: a.messageTs ?? "1700000000.000001",
            ...(a.threadTs ? { thread_ts: a.threadTs } : {}),
            text: "stats",
          },
          response_url: a.responseUrl,
        }),
    actions: [
      {
        type: "button",
        action_id: a.actionId ?? "stats.refresh",
        block_id: "b1",
        text: { type: "plain_text", text: "Refresh" },
        value: a.command,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

export function sendButtonClick(base: string, a: ButtonClickArgs): Promise<SignedAnswer> {
  const body = `payload=${encodeURIComponent(JSON.stringify(buttonClickPayload(a)))}`;
  return postSigned(`${base}/slack/events`, body, "application/x-www-form-urlencoded");
}
