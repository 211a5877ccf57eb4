/**
 * The bot built from a Config: clients, renderer, runner, and the chat adapter. main.ts owns the
 * environment, the streams and the signals; tests and tools get a whole bot from here without
 * spawning a process. `stop()` may be called at any moment, even while `start()` is still
 * connecting: what was started is closed, newest first, and a start still under way gives up.
 */
import type { Readable, Writable } from "node:stream";
import type { Logger } from "pino";
import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";
import { AlertingWiring } from "./alerting-wiring.ts";
import type { OmsPort, StateStore } from "./app/ports.ts";
import { createCommandRunner } from "./app/runner.ts";
import { StatsCache } from "./app/stats-cache.ts";
import { TaskDirectory } from "./app/task-directory.ts";
import { createClouds } from "./clouds.ts";
import type { Config } from "./config.ts";
import type { Reply } from "./core/reply.ts";
import { OmsbotError, toOmsbotError } from "./errors.ts";
import { OpsMetrics } from "./ops/metrics.ts";
import { Readiness } from "./ops/readiness.ts";
import { opsRoutes } from "./ops/routes.ts";
import { timedCharts } from "./ops/timed-charts.ts";
import { ChartMemo } from "./render/chart-memo.ts";
import { RenderPool } from "./render/pool.ts";
import { createMemoryStore } from "./store/memory-store.ts";
import { type OpenedState, openState } from "./store/open-store.ts";
import { LocalRunClaims } from "./store/run-claims.ts";

type Closer = () => Promise<void>;

export interface ShellIo {
  input: Readable;
  output: Writable;
  /** Where the shell says that it runs on the simulator. */
  notices: Writable;
  interactive: boolean;
  /** The asker's zone at the shell (the machine's, unless DEFAULT_TZ is set). */
  tz: string;
}

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** Shell mode only. */
  shell?: ShellIo;
  /** How long the Slack adapter waits for work in flight at stop (default 10 s). */
  drainTimeoutMs?: number;
  /** The clock of the scheduled work (tests drive it). */
  now?: () => number;
  /** A render pool started earlier (main.ts, so its workers load alongside the bot's modules). */
  charts?: RenderPool;
}

/** How long the start-up check waits for OMS before saying it did not answer. */
const OMS_CHECK_MS = 8_000;

export class Bot {
  private readonly closers: Closer[] = [];
  private stopping: Promise<void> | undefined;
  /** The Slack port actually bound, once started in Slack mode. */
  port: number | undefined;
  /** Alerts, digests and their jobs, once started (tests drive a round with its scheduler). */
  alerting: AlertingWiring | undefined;
  /** Whether the state store answers (Redis connected; the file store always): for /readyz. */
  stateReady: () => boolean = () => false;
  /** This bot's metrics registry and counters (GET /metrics on PORT in Slack mode). */
  readonly metrics: OpsMetrics;
  /** The checks behind GET /readyz: slack, store, scheduler, charts. */
  readonly readiness: Readiness;

  constructor(private readonly o: BotOptions) {
    // The shell serves no /metrics: process metrics would only cost start-up time there.
    this.metrics = new OpsMetrics({ defaultMetrics: o.config.slack.mode !== "shell" });
    this.readiness = new Readiness({ logger: o.logger.child({ component: "readiness" }) });
  }

  /**
   * Shell mode: resolves when the shell ends. Slack mode: resolves once connected. A start that a
   * stop overtook returns early instead of connecting anything more.
   */
  async start(): Promise<void> {
    const { config, logger } = this.o;
    const dispatcher = cloudDispatcher(config);
    this.own(() => dispatcher.close());
    const { oms, cdn, ads } = await createClouds({
      config,
      dispatcher,
      logger,
      onAttempt: (a) => this.metrics.cloudAttempt(a),
      own: (close) => this.own(close),
    });
    const pool = this.o.charts ?? new RenderPool();
    this.own(() => pool.close());
    const charts = timedCharts(pool, this.metrics);
    const { store, claims } = await this.openState();
    const wiring = new AlertingWiring({
      oms,
      store,
      claims,
      // One render per digest or incident chart, however many channels get it.
      charts: new ChartMemo(charts),
      logger,
      tz: config.defaultTz,
      alertPollCron: demoShell(config) ? "* * * * *" : config.alertPollCron,
      events: this.metrics,
      cdn,
      ads,
      ...(this.o.now ? { now: this.o.now } : {}),
    });
    this.alerting = wiring;
    this.addReadinessChecks(pool, store, wiring);
    const tasks = new TaskDirectory(oms);
    // Stopped before the chat adapter (closers run newest first): no post is cut half-way.
    const runner = createCommandRunner(
      {
        oms,
        charts,
        tasks,
        logger,
        alerting: wiring.alerting,
        admins: config.admins,
        metrics: this.metrics,
        cdn,
        ads,
        statsCache: new StatsCache<Reply>(),
      },
      { demo: config.demo },
    );
    if (config.oms.kind === "cloud") void checkOms(oms, tasks, logger);
    if (this.stopping) return;

    if (config.slack.mode === "shell") {
      const io = this.o.shell;
      if (!io) throw new OmsbotError("INTERNAL", "Shell mode needs the shell's streams.");
      if (config.oms.kind === "simulator") {
        io.notices.write(
          "omsbot: no OMS settings, so this shell talks to the built-in simulator (demo tasks).\n",
        );
      }
      const { runShell } = await import("./chat/shell/shell.ts");
      const { shellOutbound } = await import("./chat/shell/shell-outbound.ts");
      const { ANSI, PLAIN } = await import("./chat/shell/reply-text.ts");
      await wiring.start(
        shellOutbound({
          print: (text) => io.output.write(`${text}\n`),
          style: io.interactive ? ANSI : PLAIN,
          outDir: "out",
        }),
      );
      this.own(() => wiring.stop());
      await runShell({ runner, ...io, outDir: "out" });
      return;
    }

    const { startSlackApp } = await import("./chat/slack/index.ts");
    if (this.stopping) return;
    const slack = config.slack;
    let connected: (() => boolean) | undefined;
    this.readiness.add(
      "slack",
      async () => connected?.() || { ready: false, reason: "not connected" },
    );
    const app = await startSlackApp({
      botToken: slack.botToken,
      appToken: slack.mode === "socket" ? slack.appToken : undefined,
      signingSecret: slack.mode === "http" ? slack.signingSecret : undefined,
      apiUrl: slack.apiUrl,
      port: config.port,
      runner,
      defaultTz: config.defaultTz,
      admins: config.admins,
      logger,
      // The same pool as the cloud clients: through the proxy when one is set.
      dispatcher,
      claims,
      metrics: this.metrics,
      // The one clock the whole bot reads (commands' "now" included).
      ...(this.o.now ? { now: this.o.now } : {}),
      routes: opsRoutes({
        metrics: this.metrics,
        readiness: this.readiness,
        info: { mode: slack.mode },
      }),
      ...(this.o.drainTimeoutMs !== undefined ? { drainTimeoutMs: this.o.drainTimeoutMs } : {}),
    });
    this.own(() => app.stop());
    connected = app.isConnected;
    this.port = app.port;
    if (this.stopping) return;
    await wiring.start(app.outbound);
    this.own(() => wiring.stop());
    logger.info({ mode: slack.mode, port: app.port, demo: config.demo }, "omsbot is running");
  }

  /** What GET /readyz asks (the Slack check is added when the adapter starts). */
  private addReadinessChecks(pool: RenderPool, store: StateStore, wiring: AlertingWiring): void {
    this.readiness.add(
      "charts",
      async () => pool.isReady() || { ready: false, reason: "no render worker ready" },
    );
    // Connected (Redis) and answering: a read of a key that is never written.
    this.readiness.add("store", async () => {
      if (!this.stateReady()) return { ready: false, reason: "state store not connected" };
      await store.get("rules", "readyz-probe");
      return true;
    });
    this.readiness.add(
      "scheduler",
      async () => wiring.scheduler.isRunning() || { ready: false, reason: "not started" },
    );
  }

  /**
   * The file store under STATE_DIR; the shell on the simulator keeps its demo state in memory
   * (a demo should not leave files behind, nor lock the folder a real bot uses).
   */
  private async openState(): Promise<OpenedState> {
    const { config, logger } = this.o;
    const state: OpenedState =
      config.slack.mode === "shell" && config.oms.kind === "simulator"
        ? { store: createMemoryStore(), claims: new LocalRunClaims(), isReady: () => true }
        : await openState({ stateDir: config.stateDir, logger, redisUrl: config.redisUrl });
    this.own(() => state.store.close());
    this.stateReady = state.isReady;
    return state;
  }

  /** Closed at stop; closed at once if the stop came first (a start it overtook). */
  private own(close: Closer): void {
    if (!this.stopping) this.closers.push(close);
    else void close().catch((e: unknown) => this.o.logger.error({ err: e }, "error while closing"));
  }

  /** Once only: a second call waits for the same shutdown. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const close of [...this.closers].reverse()) {
        await close().catch((e: unknown) =>
          this.o.logger.error({ err: e }, "error while shutting down"),
        );
      }
    })();
    return this.stopping;
  }
}

/** undici's pool for the cloud clients, through the proxy when one is set (corporate networks). */
function cloudDispatcher(config: Config): Dispatcher {
  const pool = { keepAliveTimeout: 30_000, connections: 32 };
  const { httpsProxy, httpProxy, noProxy } = config.proxy;
  if (!httpsProxy && !httpProxy) return new Agent(pool);
  // Passed explicitly so that undici does not read the environment a second time.
  return new EnvHttpProxyAgent({ ...pool, httpsProxy, httpProxy, noProxy: noProxy ?? "" });
}

/**
 * A wrong region, endpoint or credential should show at start, not at the first command; but OMS
 * being briefly down must not stop the bot from starting (it may be back before anyone asks).
 */
async function checkOms(oms: OmsPort, directory: TaskDirectory, logger: Logger): Promise<void> {
  try {
    const tasks = await oms.listSyncTasks({ signal: AbortSignal.timeout(OMS_CHECK_MS) });
    logger.info({ tasks: tasks.length }, "OMS answered");
    // The list commands resolve names against: the first ones after a start need not ask again.
    directory.remember(tasks);
  } catch (e) {
    const err = toOmsbotError(e);
    logger.warn(
      { code: err.code, detail: err.detail, problem: err.userMessage },
      "OMS did not answer the start-up check; commands will fail until it does",
    );
  }
}

/**
 * The shell on the simulator is a demo: rules are checked every minute unless ALERT_POLL_CRON
 * says otherwise, so a newcomer sees an alert clear or an export finish while still watching.
 */
function demoShell(config: Config): boolean {
  return (
    config.slack.mode === "shell" &&
    config.oms.kind === "simulator" &&
    !config.explicit.alertPollCron
  );
}
