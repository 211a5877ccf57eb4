/**
 * A bad token or an unreachable Slack must end the start with one coded error that names the
 * setting to fix (never its value), not with Bolt's and socket-mode's own stack traces, and must
 * leave nothing running (no socket, no reconnect timer) that keeps the process alive.
 */
import type { App, SocketModeReceiver } from "@slack/bolt";
import type { FetchFunction, WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import { OmsbotError } from "../../errors.ts";
import { slackErrorCode } from "./slack-errors.ts";

/** Codes of a token Slack will not accept (https://api.slack.com/methods/auth.test#errors). */
const BAD_TOKEN = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "not_allowed_token_type",
  "user_removed_from_team",
  "team_disabled",
]);

/** web-api's codes for "no answer from Slack at all" and "an answer that is not the Web API". */
const UNREACHABLE = new Set(["request_error", "http_error"]);

/**
 * Slack's error code as shown to people; whoever answers on Slack's behalf (a proxy, a wrong
 * SLACK_API_URL) may put any text there, so anything not shaped like Slack's codes is not shown.
 */
function shownCode(e: unknown): string {
  const code = slackErrorCode(e);
  return /^[a-z][a-z0-9_]{0,60}$/.test(code) ? code : "unknown";
}

const API_URL_HINT =
  "Check SLACK_API_URL (default https://slack.com/api/), the network, and the proxy settings.";

function unreachable(method: string, code: string, cause: unknown): OmsbotError {
  return new OmsbotError(
    "CONFIG_INVALID",
    `Slack's Web API could not be reached (${method}: ${code}). ${API_URL_HINT}`,
    { detail: `${method}: ${code}`, cause },
  );
}

/**
 * Our own auth.test, before Bolt is built: its ids are then handed to Bolt (botId, botUserId),
 * so that Bolt does not run a second auth.test of its own in the App constructor — that one's
 * failure is an unhandled rejection (Bolt 5.1 singleAuthorization) that crashes the process.
 */
export async function checkBotToken(
  client: WebClient,
): Promise<{ botUserId: string; botId: string }> {
  let res: Awaited<ReturnType<WebClient["auth"]["test"]>>;
  try {
    res = await client.auth.test();
  } catch (e) {
    const code = shownCode(e);
    if (UNREACHABLE.has(code)) throw unreachable("auth.test", code, e);
    if (BAD_TOKEN.has(code)) {
      throw new OmsbotError(
        "CONFIG_INVALID",
        `Slack refused SLACK_BOT_TOKEN (${code}). Use the app's Bot User OAuth Token (xoxb-…) from its OAuth and Permissions page, and check that the app is still installed in the workspace.`,
        { detail: `auth.test: ${code}`, cause: e },
      );
    }
    throw new OmsbotError("API_UNAVAILABLE", `Slack's auth.test failed (${code}).`, {
      detail: `auth.test: ${code}`,
      cause: e,
    });
  }
  if (!res.user_id || !res.bot_id) {
    throw new OmsbotError(
      "CONFIG_INVALID",
      "SLACK_BOT_TOKEN is not a bot token: use the app's Bot User OAuth Token (xoxb-…).",
      { detail: "auth.test: no bot_id/user_id" },
    );
  }
  return { botUserId: res.user_id, botId: res.bot_id };
}

type FetchRequestInit = Parameters<FetchFunction>[1];
type FetchResponse = Awaited<ReturnType<FetchFunction>>;
type Fetch = (url: string | URL, init?: FetchRequestInit) => Promise<FetchResponse & Clonable>;
interface Clonable {
  clone(): FetchResponse;
}

/**
 * Watches the Socket Mode client's `apps.connections.open` answers while starting. socket-mode
 * 3.1 gives up at once only on a few codes (invalid_auth, not_authed, ...); on any other refusal
 * — `not_allowed_token_type` when a bot token is given as the app token — it retries for ever,
 * and the start never ends. The first refusal ends the start here instead.
 */
export class ConnectionsOpenWatch {
  private watching = true;
  private onRefused: (code: string) => void = () => {};
  /** Resolves with Slack's error code at the first refusal while watching. */
  readonly refused = new Promise<string>((resolve) => {
    this.onRefused = resolve;
  });

  wrap(base: Fetch): FetchFunction {
    return async (url, init) => {
      const res = await base(url, init);
      if (this.watching && String(url).endsWith("/apps.connections.open")) {
        const body = (await res
          .clone()
          .json()
          .catch(() => undefined)) as { ok?: unknown; error?: unknown } | undefined;
        if (body?.ok === false) this.onRefused(shownCode({ data: body }));
      }
      return res;
    };
  }

  stop(): void {
    this.watching = false;
  }
}

/** Starts Socket Mode; on failure disconnects (no reconnect timer left) and throws one coded error. */
export async function startSocketMode(
  app: App,
  receiver: SocketModeReceiver,
  watch: ConnectionsOpenWatch,
  logger: Logger,
): Promise<void> {
  try {
    const refusedWith = await Promise.race([app.start().then(() => undefined), watch.refused]);
    if (refusedWith !== undefined) throw appTokenRefused(refusedWith, undefined);
  } catch (e) {
    // disconnect() sets socket-mode's shuttingDown and clears its reconnection timer.
    await receiver.client.disconnect().catch((err: unknown) => {
      logger.warn({ slackError: slackErrorCode(err) }, "Socket Mode client did not disconnect");
    });
    if (e instanceof OmsbotError) throw e;
    const code = shownCode(e);
    if (UNREACHABLE.has(code)) throw unreachable("apps.connections.open", code, e);
    throw appTokenRefused(code, e);
  } finally {
    watch.stop();
  }
}

function appTokenRefused(code: string, cause: unknown): OmsbotError {
  return new OmsbotError(
    "CONFIG_INVALID",
    `Slack refused SLACK_APP_TOKEN for Socket Mode (${code}). Use an app-level token (xapp-…) with the \`connections:write\` scope (Basic Information → App-Level Tokens), and turn Socket Mode on; or unset SLACK_APP_TOKEN for HTTP mode.`,
    { detail: `apps.connections.open: ${code}`, cause },
  );
}

/** A port that cannot be listened on is a setting to fix, not a crash to read a stack trace of. */
export function listenError(e: unknown, port: number): unknown {
  const code = (e as { code?: unknown }).code;
  if (code !== "EADDRINUSE" && code !== "EACCES") return e;
  return new OmsbotError(
    "CONFIG_INVALID",
    code === "EADDRINUSE"
      ? `PORT ${port} is already in use: stop what listens there or choose another PORT.`
      : `PORT ${port} may not be listened on by this user (${code}): choose a PORT above 1023.`,
    { detail: `listen: ${code}`, cause: e },
  );
}
