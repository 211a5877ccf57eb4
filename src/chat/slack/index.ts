/**
 * The Slack adapter: Bolt with Socket Mode when an app-level token is given, HTTP mode
 * (`POST /slack/events`, signed requests) otherwise. Both receivers sit behind Bolt's one
 * Receiver interface; everything after them is the same. See README.md in this folder.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import { type RetryOptions, WebClientEvent, type WebClientOptions } from "@slack/web-api";
import type { Logger } from "pino";
import type { CommandRunner } from "../../app/context.ts";
import { BackgroundTasks } from "./background.ts";
import { boltLogger } from "./bolt-logger.ts";
import { dedupeEvents } from "./dedupe.ts";
import type { AdapterDeps } from "./handle.ts";
import { SlackMetrics } from "./metrics.ts";
import { registerButtons } from "./on-button.ts";
import { registerCommand } from "./on-command.ts";
import { registerHome } from "./on-home.ts";
import { registerMention } from "./on-mention.ts";
import {
  defaultRoutes,
  mergeRoutes,
  type SlackRoute,
  startRouteServer,
  toBoltRoutes,
} from "./routes.ts";
import { slackErrorCode } from "./slack-errors.ts";
import { UserTimezones } from "./user-tz.ts";

export { type SlackMessage, toBlockKit, toHomeView } from "./block-kit.ts";
export { SlackMetrics } from "./metrics.ts";
export type { SlackRoute } from "./routes.ts";
export { METHOD_SCOPES } from "./scopes.ts";

export interface SlackAppOptions {
  botToken: string;
  /** `xapp-…` app-level token: set → Socket Mode; unset → HTTP mode. */
  appToken?: string;
  /** Required in HTTP mode. */
  signingSecret?: string;
  /** SLACK_API_URL: Web API base (GovSlack, proxies, tests). Default https://slack.com/api/. */
  apiUrl?: string;
  /** HTTP port (HTTP mode: Slack + routes; Socket Mode: routes only). 0 = any free port. */
  port: number;
  /** Listen address; default all interfaces. Tests use 127.0.0.1. */
  host?: string;
  runner: CommandRunner;
  defaultTz: string;
  /** BOT_ADMINS; empty = everyone is an admin. */
  admins: ReadonlySet<string>;
  logger: Logger;
  now?: () => number;
  /** More routes beside /healthz and /metrics; a route with the same method and path replaces ours. */
  extraRoutes?: readonly SlackRoute[];
  /** Prometheus text appended to /metrics (scheduler, clients, ...). */
  extraMetrics?: () => string | Promise<string>;
  /** @slack/web-api retry policy (default: 5 retries, backoff 0.5 s → 10 s, besides Retry-After waits). */
  retryConfig?: RetryOptions;
  /** Per-request Web API timeout, ms (default 15 s; web-api's own default is none). */
  requestTimeoutMs?: number;
  /** Slash command still running after this long → a private "working on it" note (default 2 s). */
  workingNoticeMs?: number;
}

export interface SlackAppHandle {
  /** Stops receiving, waits (≤ 10 s) for replies still being sent, closes the port. */
  stop(): Promise<void>;
  /** The port actually bound (useful with port 0). */
  port: number;
  mode: "http" | "socket";
  metrics: SlackMetrics;
}

/**
 * A chat-ops bot's answer is useless half an hour later, so web-api's default (10 retries over
 * ~30 min) is cut to about 15 s of backoff; a 429's Retry-After is always waited out first
 * (https://api.slack.com/apis/rate-limits).
 */
const DEFAULT_RETRY: RetryOptions = {
  retries: 5,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 10_000,
  randomize: true,
};

export async function startSlackApp(opts: SlackAppOptions): Promise<SlackAppHandle> {
  const mode = opts.appToken ? "socket" : "http";
  const logger = opts.logger.child({ component: "slack", mode });
  const metrics = new SlackMetrics();
  const slackLogger = boltLogger(opts.logger);
  const clientOptions = (): WebClientOptions => ({
    ...(opts.apiUrl ? { slackApiUrl: withSlash(opts.apiUrl) } : {}),
    retryConfig: opts.retryConfig ?? DEFAULT_RETRY,
    timeout: opts.requestTimeoutMs ?? 15_000,
  });
  const routes = mergeRoutes(
    defaultRoutes({
      metrics,
      mode,
      logger,
      ...(opts.extraMetrics ? { extraMetrics: opts.extraMetrics } : {}),
    }),
    opts.extraRoutes,
  );
  // When the request arrived, for the ack latency metric (read back as context.omsReceivedAt).
  const customPropertiesExtractor = () => ({ omsReceivedAt: performance.now() });

  let receiver: Receiver;
  if (opts.appToken) {
    receiver = new SocketModeReceiver({
      appToken: opts.appToken,
      logger: slackLogger,
      customPropertiesExtractor,
      // The Socket Mode client has its own WebClient (apps.connections.open): same base URL.
      installerOptions: { clientOptions: clientOptions() },
    });
  } else {
    if (!opts.signingSecret) {
      throw new Error(
        "HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)",
      );
    }
    receiver = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      endpoints: "/slack/events",
      customRoutes: toBoltRoutes(routes, logger),
      logger: slackLogger,
      customPropertiesExtractor,
    });
  }

  const app = new App({
    token: opts.botToken,
    receiver,
    logger: slackLogger,
    clientOptions: clientOptions(),
  });
  const client = app.client;
  client.on(WebClientEvent.RATE_LIMITED, (retryAfterSec: number, info: { url?: string }) => {
    metrics.rateLimited.inc();
    // The URL names the method; the request body (which may hold a token) is not logged.
    logger.warn(
      { retryAfterSec, method: info.url?.split("/").pop() },
      "Slack rate limit: waiting it out",
    );
  });
  app.error(async (e) => {
    logger.error(
      { slackError: slackErrorCode(e), err: e.message },
      "unhandled error in a Slack listener",
    );
  });

  // Fail fast with a clear reason on a bad token, before Slack sends us anything.
  try {
    await client.auth.test();
  } catch (e) {
    const code = slackErrorCode(e);
    logger.error({ slackError: code, method: "auth.test" }, "Slack bot token check failed");
    throw new Error(`Slack auth.test failed: ${code}`, { cause: e });
  }

  const tasks = new BackgroundTasks(logger);
  const deps: AdapterDeps = {
    runner: opts.runner,
    client,
    logger,
    metrics,
    tasks,
    admins: opts.admins,
    now: opts.now ?? Date.now,
    workingNoticeMs: opts.workingNoticeMs ?? 2000,
    timezones: new UserTimezones(client, {
      defaultTz: opts.defaultTz,
      logger,
      onError: (code) => metrics.errors.inc({ method: "users.info", code }),
    }),
  };
  app.use(dedupeEvents(metrics, logger));
  registerCommand(app, deps);
  registerMention(app, deps);
  registerHome(app, deps);
  registerButtons(app, deps);

  let routeServer: Server | undefined;
  let port: number;
  if (mode === "http") {
    const server = await app.start({ port: opts.port, ...(opts.host ? { host: opts.host } : {}) });
    port = boundPort(server, opts.port);
  } else {
    await app.start();
    routeServer = await startRouteServer(routes, opts.port, opts.host, logger);
    port = boundPort(routeServer, opts.port);
  }
  logger.info(
    { port },
    `Slack adapter started (${mode === "socket" ? "Socket Mode" : "HTTP mode, POST /slack/events"})`,
  );

  return {
    port,
    mode,
    metrics,
    async stop() {
      await app.stop();
      const drained = await tasks.drain(10_000);
      if (!drained)
        logger.warn({ running: tasks.size }, "stopped with Slack replies still in flight");
      if (routeServer) {
        const s = routeServer;
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections();
        await closed;
      }
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function boundPort(server: unknown, fallback: number): number {
  const address = (server as Server | undefined)?.address?.();
  return address && typeof address === "object" ? (address as AddressInfo).port : fallback;
}
