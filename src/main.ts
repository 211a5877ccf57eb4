/**
 * The process's edge: reads the environment once, sets up logging, the signals and the streams,
 * and runs the Bot (bot.ts). In production it runs compiled (`node dist/main.js`); in development
 * `npm start` loads it with tsx's loader inside this same process (`node --import tsx`), so a
 * SIGTERM reaches the handler below and not a wrapper that kills the bot 30 ms later.
 */
import type { Config } from "./config.ts";
import { RenderPool } from "./render/pool.ts";

// The render workers load vega and draw a warm-up chart before they say ready (~0.7 s); started
// before the rest of the bot's modules load (~0.4 s: Bolt, zod, undici…), the two overlap and the
// bot is ready sooner (`npm run bench`: start → /readyz). A setting that turns out wrong exits
// the process, and the workers with it.
const charts = new RenderPool();
const [
  { default: pino },
  { Bot },
  { describeConfig, loadConfig },
  { isOmsbotError },
  logging,
  ops,
] = await Promise.all([
  import("pino"),
  import("./bot.ts"),
  import("./config.ts"),
  import("./errors.ts"),
  import("./logger.ts"),
  import("./ops/config-secrets.ts"),
]);

/** Configuration errors (a setting is wrong): the operator must change something. */
const EXIT_CONFIG = 2;

function fail(e: unknown, code: number): never {
  const message = isOmsbotError(e)
    ? e.userMessage
    : `omsbot failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (e) {
  fail(e, EXIT_CONFIG);
}
const shell = config.slack.mode === "shell";
// In the shell, logs go to stderr and only warnings unless LOG_LEVEL asks for more, so the
// prompt stays readable and piped stdout holds only answers.
const level = shell && !config.explicit.logLevel ? "warn" : config.logLevel;
// Every secret in the config is masked by value in every line, whoever writes it.
const logger = logging.createLogger(level, shell ? pino.destination(2) : undefined, {
  secrets: ops.configSecrets(config),
});
logger.info(describeConfig(config), "starting omsbot");

const bot = new Bot({
  config,
  logger,
  charts,
  shell: shell
    ? {
        input: process.stdin,
        output: process.stdout,
        notices: process.stderr,
        interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        // At the shell the asker is the person at this machine: their zone, unless DEFAULT_TZ says otherwise.
        tz: config.explicit.defaultTz
          ? config.defaultTz
          : Intl.DateTimeFormat().resolvedOptions().timeZone,
      }
    : undefined,
});

// Installed before anything connects: a signal during start-up stops what has started.
let stopping = false;
const stop = (signal: string) => {
  // A second Ctrl-C is someone who does not want to wait for the drain.
  if (stopping && signal === "SIGINT") process.exit(130);
  stopping = true;
  logger.info({ signal }, "stopping: finishing the work in flight");
  bot.stop().then(
    () => process.exit(0),
    (e: unknown) => fail(e, 1),
  );
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("unhandledRejection", (e) => {
  logger.error({ err: e }, "unhandled rejection");
});

try {
  await bot.start();
  if (shell) {
    await bot.stop();
    process.exit(0);
  }
} catch (e) {
  await bot.stop();
  // A wrong setting and a state folder held by another bot are the operator's to fix.
  const operatorFix =
    isOmsbotError(e) && (e.code === "CONFIG_INVALID" || e.code === "STATE_LOCKED");
  fail(e, operatorFix ? EXIT_CONFIG : 1);
}
