/**
 * Starts `src/main.ts` as `npm start` does (`node --import tsx`, one process), with only the
 * settings a test gives.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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

/**
 * `npm run start:dist` in parts: the variables it sets and node's arguments (flags, then
 * `dist/main.js`). The Dockerfile runs the same (test/ops/deploy.test.ts) and the bench starts
 * the bot this way (bench/bot-process.ts), so all three move together.
 */
export function startDistCommand(): { env: Record<string, string>; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const words = (pkg.scripts["start:dist"] ?? "").split(/\s+/).filter(Boolean);
  const node = words.indexOf("node");
  if (node < 0) throw new Error("the start:dist script does not run node");
  const env = Object.fromEntries(
    words.slice(0, node).map((w) => w.split("=", 2) as [string, string]),
  );
  return { env, args: words.slice(node + 1) };
}
