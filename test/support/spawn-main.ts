/**
 * Starts `src/main.ts` as `npm start` does (`node --import tsx`, one process), with only the
 * settings a test gives.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = resolve(import.meta.dirname, "../..");

/** By URL: `--import tsx` would be looked up from the child's cwd, a scratch folder in some tests. */
export const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** Every variable of DESIGN's "Contracts": none may leak in from the machine running the tests. */
const CONTRACT_VARS =
  /^(SLACK_|OMS_|HUAWEICLOUD_|CLOUD_SDK_|IAM_|ADS_|CDN_|DEFAULT_TZ$|LOG_LEVEL$|BOT_ADMINS$|PORT$|STATE_DIR$|REDIS_URL$|ALERT_POLL_CRON$|OMSBOT_|HTTPS?_PROXY$|NO_PROXY$)/i;

/** This process's environment less every setting of the bot's. */
export function cleanEnv(): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !CONTRACT_VARS.test(k)) clean[k] = v;
  }
  return clean;
}

export function spawnMain(opts: {
  cwd: string;
  env: Record<string, string>;
  stdin: "pipe" | "ignore";
  /** Its own process group, so that a test can signal the group as a terminal or a supervisor does. */
  detached?: boolean;
}): ChildProcess {
  return spawn(process.execPath, ["--import", TSX_LOADER, join(ROOT, "src/main.ts")], {
    cwd: opts.cwd,
    env: { ...cleanEnv(), ...opts.env },
    stdio: [opts.stdin, "pipe", "pipe"],
    detached: opts.detached ?? false,
  });
}
