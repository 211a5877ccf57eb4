/**
 * Composition root: config → clients, renderer → the chat adapter. The only place that reads
 * the environment or the process's streams.
 */
import type { Logger } from "pino";
import pino from "pino";
import { Agent } from "undici";
import type { OmsPort } from "./app/ports.ts";
import { createCommandRunner } from "./app/runner.ts";
import { TaskDirectory } from "./app/task-directory.ts";
import { authFromConfig } from "./clients/auth/from-config.ts";
import { OmsClient } from "./clients/oms/client.ts";
import { type Config, describeConfig, loadConfig } from "./config.ts";
import { isOmsbotError } from "./errors.ts";
import { createLogger } from "./logger.ts";
import { RenderPool } from "./render/pool.ts";

type Closer = () => Promise<void>;

async function createOms(
  config: Config,
  dispatcher: Agent,
  logger: Logger,
  closers: Closer[],
): Promise<OmsPort> {
  if (config.oms.kind === "cloud") {
    const { endpoint, projectId, auth } = config.oms;
    return new OmsClient({
      endpoint,
      projectId,
      auth: authFromConfig(auth, projectId, dispatcher),
      dispatcher,
      logger,
    });
  }
  // Loaded only when needed: a production bot never starts the simulator.
  const { startSimulator } = await import("./simulator/server.ts");
  const { omsClientFor } = await import("./simulator/client.ts");
  const sim = await startSimulator({});
  closers.push(() => sim.close());
  logger.warn({ url: sim.url }, "no OMS settings: using the built-in simulator with demo tasks");
  return omsClientFor(sim, { dispatcher, logger });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    process.stderr.write(`${isOmsbotError(e) ? e.userMessage : String(e)}\n`);
    process.exit(2);
  }
  const shell = config.slack.mode === "shell";
  // In the shell, logs go to stderr and only warnings unless LOG_LEVEL asks for more, so the
  // prompt stays readable and piped stdout holds only answers.
  const level = shell && !config.explicit.logLevel ? "warn" : config.logLevel;
  const logger = createLogger(level, shell ? pino.destination(2) : undefined);
  logger.info(describeConfig(config), "starting omsbot");

  const closers: Closer[] = [];
  // Once only, newest first: a second signal waits for the same shutdown instead of starting another.
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      for (const close of [...closers].reverse()) {
        await close().catch((e: unknown) => logger.error({ err: e }, "error while shutting down"));
      }
    })();
    return stopping;
  };
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  closers.push(() => dispatcher.close());
  const oms = await createOms(config, dispatcher, logger, closers);
  const charts = new RenderPool();
  closers.push(() => charts.close());
  const runner = createCommandRunner({ oms, charts, tasks: new TaskDirectory(oms), logger });

  if (config.slack.mode === "shell") {
    if (config.oms.kind === "simulator") {
      process.stderr.write(
        "omsbot: no OMS settings, so this shell talks to the built-in simulator (demo tasks).\n",
      );
    }
    const { runShell } = await import("./chat/shell/shell.ts");
    // At the shell the asker is the person at this machine: their zone, unless DEFAULT_TZ says otherwise.
    const tz = config.explicit.defaultTz
      ? config.defaultTz
      : Intl.DateTimeFormat().resolvedOptions().timeZone;
    await runShell({
      runner,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      tz,
      outDir: "out",
    });
    await shutdown();
    return;
  }

  const { startSlackApp } = await import("./chat/slack/index.ts");
  const slack = config.slack;
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
  });
  closers.push(() => app.stop());
  logger.info({ mode: slack.mode, port: app.port }, "omsbot is running");
  const stop = (signal: string) => {
    logger.info({ signal }, "stopping");
    shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

process.on("unhandledRejection", (e) => {
  process.stderr.write(
    `omsbot: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
});

main().catch((e: unknown) => {
  process.stderr.write(
    `omsbot failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
