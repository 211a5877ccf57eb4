/**
 * Bolt, @slack/web-api and @slack/socket-mode log through this adapter onto our pino logger.
 * At debug level they print raw payloads, which hold the (legacy) verification `token` and may
 * hold Slack tokens: both are redacted here before anything reaches the log.
 */
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "pino";

const TOKEN_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/xox[abposr]-[A-Za-z0-9-]+/g, "xox?-[redacted]"],
  [/xapp-[A-Za-z0-9-]+/g, "xapp-[redacted]"],
  [/("?(?:token|secret|signature|authorization)"?\s*[:=]\s*"?)[^",&\s}]+/gi, "$1[redacted]"],
  [/([?&]ticket=)[^&\s"]+/g, "$1[redacted]"],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of TOKEN_PATTERNS) out = out.replace(re, replacement);
  return out;
}

function format(args: unknown[]): string {
  return redactSecrets(
    args
      .map((a) => {
        if (typeof a === "string") return a;
        if (a instanceof Error) {
          const code = (a as { code?: unknown }).code;
          return `${a.name}: ${a.message}${typeof code === "string" ? ` [${code}]` : ""}`;
        }
        try {
          return JSON.stringify(a)?.slice(0, 2000) ?? String(a);
        } catch {
          // Circular structures: their type is enough for a log line.
          return Object.prototype.toString.call(a);
        }
      })
      .join(" "),
  );
}

const FROM_PINO: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
};

export function boltLogger(base: Logger, name = "bolt"): SlackLogger {
  let log = base.child({ component: name });
  return {
    debug: (...msg: unknown[]) => {
      if (log.isLevelEnabled("debug")) log.debug(format(msg));
    },
    info: (...msg: unknown[]) => log.info(format(msg)),
    warn: (...msg: unknown[]) => log.warn(format(msg)),
    error: (...msg: unknown[]) => log.error(format(msg)),
    // The level is LOG_LEVEL's (pino's); Slack libraries may not raise it behind our back.
    setLevel: () => {},
    getLevel: () => FROM_PINO[base.level] ?? LogLevel.INFO,
    setName: (n: string) => {
      log = base.child({ component: n });
    },
  };
}
