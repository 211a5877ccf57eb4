/** Starts `src/main.ts` as `npm start` does (through tsx), with only the settings a test gives. */
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

/** Every variable of DESIGN's "Contracts": none may leak in from the machine running the tests. */
const CONTRACT_VARS =
  /^(SLACK_|OMS_|HUAWEICLOUD_|CLOUD_SDK_|IAM_|ADS_|CDN_|DEFAULT_TZ$|LOG_LEVEL$|BOT_ADMINS$|PORT$|STATE_DIR$|REDIS_URL$|ALERT_POLL_CRON$)/;

export function spawnMain(opts: {
  cwd: string;
  env: Record<string, string>;
  stdin: "pipe" | "ignore";
}): ChildProcess {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !CONTRACT_VARS.test(k)) clean[k] = v;
  }
  return spawn(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "src/main.ts")],
    {
      cwd: opts.cwd,
      env: { ...clean, ...opts.env },
      stdio: [opts.stdin, "pipe", "pipe"],
    },
  );
}
