/**
 * The Slack adapter: Bolt with Socket Mode when an app-level token is given, HTTP mode
 * (`POST /slack/events`, signed requests) otherwise. Both receivers sit behind Bolt's one
 * Receiver interface; everything after them is the same. See README.md in this folder.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import {
  type FetchFunction,
  type RetryOptions,
  WebClient,
  WebClientEvent,
  type WebClientOptions,
} from "@slack/web-api";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import type { CommandRunner } from "../../app/context.ts";
import type { OutboundChat, RunClaims } from "../../app/ports.ts";
import { OmsbotError } from "../../errors.ts";
import { OpsMetrics } from "../../ops/metrics.ts";
import { type HttpRoute, startRouteServer } from "../../ops/routes.ts";
import { BackgroundTasks } from "./background.ts";
import { boltLogger } from "./bolt-logger.ts";
import { dedupeEvents } from "./dedupe.ts";
import type { AdapterDeps } from "./handle.ts";
import { guardRequests } from "./http-guard.ts";
import { SlackMetrics } from "./metrics.ts";
import { registerButtons } from "./on-button.ts";
import { registerCommand } from "./on-command.ts";
import { registerDirectMessages } from "./on-dm.ts";
import { registerHome } from "./on-home.ts";
import { registerMention } from "./on-mention.ts";
import { slackOutbound } from "./outbound.ts";
import { adapterRoutes, toBoltRoutes } from "./routes.ts";
import { slackErrorCode } from "./slack-errors.ts";
import { slackFetch } from "./slack-fetch.ts";
import { trackSocket } from "./socket-state.ts";
import {
  ConnectionsOpenWatch,
  checkBotToken,
  listenError,
  startSocketMode,
} from "./start-checks.ts";
import { gateWhileStopping } from "./stopping.ts";
import { UserTimezones } from "./user-tz.ts";

export { type SlackMessage, toBlockKit, toHomeView } from "./block-kit.ts";
export { SlackMetrics } from "./metrics.ts";
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
  /** The bot's metrics: the adapter's own go on the same registry. Default: a registry of its own. */
  metrics?: OpsMetrics;
  /**
   * Served on PORT (beside /slack/events in HTTP mode): the bot's ops routes (ops/routes.ts).
   * Default: /healthz, /metrics, and /readyz checking only this adapter's connection.
   */
  routes?: readonly HttpRoute[];
  /** @slack/web-api retry policy (default: 5 retries, backoff 0.5 s → 10 s, besides Retry-After waits). */
  retryConfig?: RetryOptions;
  /** Per-request Web API timeout, ms (default 15 s; web-api's own default is none). */
  requestTimeoutMs?: number;
  /** Slash command still running after this long → a private "working on it" note (default 2 s). */
  workingNoticeMs?: number;
  /** stop() waits this long at most for work in flight (runner + delivery), ms (default 10 s). */
  drainTimeoutMs?: number;
  /** Run-once claims shared by the replicas (Redis): a repeated Slack event is handled once by all. */
  claims?: RunClaims;
  /**
   * undici Dispatcher for every outbound Slack connection: Web API calls, response_url posts,
   * file uploads and the Socket Mode WebSocket — e.g. an `EnvHttpProxyAgent` for HTTPS_PROXY.
   * (@slack/web-api 8 talks through `fetch`, so a node:http Agent would not be used.)
   */
  dispatcher?: Dispatcher;
}

export interface SlackAppHandle {
  /**
   * Refuses new work (a "restarting" note; events over HTTP get a 503 so Slack resends them
   * later), waits up to drainTimeoutMs for work in flight, then closes the socket and the port.
   * Calling it again returns the same promise.
   */
  stop(): Promise<void>;
  /** The port actually bound (useful with port 0). */
  port: number;
  mode: "http" | "socket";
  metrics: SlackMetrics;
  /** The registry the adapter's metrics are on (the bot's when it passed one). */
  ops: OpsMetrics;
  /**
   * Slack can reach the bot: HTTP mode, listening and not stopping; Socket Mode, the WebSocket
   * is open (false while it reconnects) and not stopping.
   */
  isConnected(): boolean;
  /** What the bot posts on its own (alerts, digests), through the same Web API client. */
  outbound: OutboundChat;
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
  const ops = opts.metrics ?? new OpsMetrics({ defaultMetrics: false });
  const metrics = new SlackMetrics(ops.registry);
  let connected = false;
  const slackLogger = boltLogger(opts.logger);
  if (mode === "http" && !opts.signingSecret) {
    throw new OmsbotError(
      "CONFIG_INVALID",
      "HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).",
    );
  }
  const dispatcher = opts.dispatcher;
  const baseFetch = slackFetch(dispatcher);
  const clientOptions = (fetchFn: FetchFunction = baseFetch): WebClientOptions => ({
    ...(opts.apiUrl ? { slackApiUrl: withSlash(opts.apiUrl) } : {}),
    retryConfig: opts.retryConfig ?? DEFAULT_RETRY,
    timeout: opts.requestTimeoutMs ?? 15_000,
    fetch: fetchFn,
  });
  const routes = opts.routes ?? adapterRoutes(ops, mode, () => connected, logger);
  // When the request arrived, for the ack latency metric (read back as context.omsReceivedAt).
  const customPropertiesExtractor = () => ({ omsReceivedAt: performance.now() });

  // Before anything is started: a bad token fails here, with nothing to clean up.
  const ids = await checkBotToken(
    new WebClient(opts.botToken, { ...clientOptions(), logger: slackLogger }),
  );
  const tasks = new BackgroundTasks(logger);

  const watch = new ConnectionsOpenWatch();
  let receiver: HTTPReceiver | SocketModeReceiver;
  if (opts.appToken) {
    receiver = new SocketModeReceiver({
      appToken: opts.appToken,
      logger: slackLogger,
      customPropertiesExtractor,
      ...(dispatcher ? { dispatcher } : {}),
      // The Socket Mode client has its own WebClient (apps.connections.open): same base URL.
      installerOptions: { clientOptions: clientOptions(watch.wrap(baseFetch)) },
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: opts.signingSecret ?? "",
      endpoints: "/slack/events",
      customRoutes: toBoltRoutes(routes, logger),
      logger: slackLogger,
      customPropertiesExtractor,
    });
    guardRequests(receiver, {
      endpoint: "/slack/events",
      isStopping: () => !tasks.accepting,
      logger,
    });
  }

  const app = new App({
    token: opts.botToken,
    // Known from our auth.test: Bolt then makes no auth.test call of its own.
    ...ids,
    receiver,
    logger: slackLogger,
    clientOptions: clientOptions(),
  });
  const client = app.client;
  client.on(WebClientEvent.RATE_LIMITED, (retryAfterSec: number, info: { url?: string }) => {
    ops.slackRateLimited();
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
      onError: (code) => metrics.error("users.info", code),
    }),
  };
  app.use(gateWhileStopping({ tasks, client, logger }));
  app.use(dedupeEvents(metrics, logger, opts.claims));
  registerCommand(app, deps);
  registerMention(app, deps);
  registerDirectMessages(app, deps);
  registerHome(app, deps);
  registerButtons(app, deps);

  let routeServer: Server | undefined;
  let port: number;
  if (receiver instanceof HTTPReceiver) {
    const server = await app
      .start({ port: opts.port, ...(opts.host ? { host: opts.host } : {}) })
      .catch((e: unknown) => {
        throw listenError(e, opts.port);
      });
    port = boundPort(server, opts.port);
  } else {
    trackSocket(receiver, (up) => {
      connected = up && tasks.accepting;
    });
    await startSocketMode(app, receiver, watch, logger);
    try {
      routeServer = await startRouteServer(routes, opts.port, opts.host, logger);
    } catch (e) {
      await app.stop();
      throw listenError(e, opts.port);
    }
    port = boundPort(routeServer, opts.port);
  }
  // Socket Mode's start resolves once Slack said hello on the socket.
  connected = true;
  logger.info(
    { port },
    `Slack adapter started (${mode === "socket" ? "Socket Mode" : "HTTP mode, POST /slack/events"})`,
  );

  const drainTimeoutMs = opts.drainTimeoutMs ?? 10_000;
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    connected = false;
    tasks.close();
    const drained = await tasks.drain(drainTimeoutMs);
    if (!drained) {
      logger.warn(
        { running: tasks.size, drainTimeoutMs },
        "stopped with Slack work still in flight",
      );
    }
    await app.stop();
    if (routeServer) {
      const s = routeServer;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeAllConnections();
      await closed;
    }
  };
  return {
    port,
    mode,
    metrics,
    ops,
    isConnected: () => connected,
    outbound: slackOutbound(client),
    stop() {
      stopping ??= stop();
      return stopping;
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
