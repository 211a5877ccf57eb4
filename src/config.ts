/**
 * The environment, read once at the edge (probot style) into one typed Config. Every problem is
 * collected and reported together, naming the variable and how to fix it — never its value,
 * since many of these are secrets.
 */
import cron from "node-cron";
import { z } from "zod";
import { adsConfig, hasOmsSettings, omsConfig, slackConfig } from "./config-sections.ts";
import { readTimeZone } from "./core/time-zone-name.ts";
import { OmsbotError } from "./errors.ts";

export type SlackConfig =
  | { mode: "shell" }
  | { mode: "socket"; botToken: string; appToken: string; apiUrl: string | undefined }
  | { mode: "http"; botToken: string; signingSecret: string; apiUrl: string | undefined };

export type OmsAuthConfig =
  | { kind: "aksk"; ak: string; sk: string; securityToken: string | undefined }
  | { kind: "token"; token: string }
  | { kind: "iam"; endpoint: string; user: string; password: string; domain: string };

export type OmsConfig =
  | { kind: "simulator" }
  | { kind: "cloud"; endpoint: string; projectId: string; auth: OmsAuthConfig };

export interface AdsConfig {
  endpoint: string;
  subscription: string;
  resourceGroup: string;
  zone: string;
  dataSync: string;
  ak: string;
  sk: string;
}

export interface Config {
  slack: SlackConfig;
  port: number;
  oms: OmsConfig;
  cdn: { endpoint: string; domainId: string | undefined };
  ads: AdsConfig | undefined;
  /** Slack mode on the built-in simulator, asked for with OMSBOT_DEMO: every reply says so. */
  demo: boolean;
  /** Outbound proxy for the cloud and Slack clients; the URLs may hold credentials: never log them. */
  proxy: {
    httpsProxy: string | undefined;
    httpProxy: string | undefined;
    noProxy: string | undefined;
  };
  stateDir: string;
  redisUrl: string | undefined;
  defaultTz: string;
  alertPollCron: string;
  admins: ReadonlySet<string>;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Which of the defaulted settings were set: the shell picks its own defaults for the others. */
  explicit: { defaultTz: boolean; logLevel: boolean; alertPollCron: boolean };
}

/** Empty strings count as unset: `FOO= npm start` should not mean "FOO is the empty string". */
const opt = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().trim().optional(),
);

const url = (name: string) =>
  opt.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v), {
    message: `${name} must be an http(s) URL, e.g. https://example.com`,
  });

const envSchema = z.object({
  SLACK_BOT_TOKEN: opt,
  SLACK_APP_TOKEN: opt,
  SLACK_SIGNING_SECRET: opt,
  SLACK_API_URL: url("SLACK_API_URL"),
  PORT: opt.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 65535), {
    message: "PORT must be a whole number from 0 to 65535, e.g. 3000",
  }),
  OMS_REGION: opt,
  OMS_ENDPOINT: url("OMS_ENDPOINT"),
  OMS_PROJECT_ID: opt,
  HUAWEICLOUD_SDK_AK: opt,
  HUAWEICLOUD_SDK_SK: opt,
  CLOUD_SDK_AK: opt,
  CLOUD_SDK_SK: opt,
  HUAWEICLOUD_SDK_SECURITY_TOKEN: opt,
  OMS_AUTH_TOKEN: opt,
  IAM_ENDPOINT: url("IAM_ENDPOINT"),
  IAM_USER: opt,
  IAM_PASSWORD: opt,
  IAM_DOMAIN: opt,
  CDN_ENDPOINT: url("CDN_ENDPOINT"),
  CDN_DOMAIN_ID: opt,
  ADS_ENDPOINT: url("ADS_ENDPOINT"),
  ADS_SUBSCRIPTION: opt,
  ADS_RESOURCE_GROUP: opt,
  ADS_ZONE: opt,
  ADS_DATA_SYNC: opt,
  ADS_AK: opt,
  ADS_SK: opt,
  STATE_DIR: opt,
  REDIS_URL: opt.refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
    message: "REDIS_URL must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379",
  }),
  DEFAULT_TZ: opt,
  ALERT_POLL_CRON: opt,
  BOT_ADMINS: opt,
  LOG_LEVEL: opt,
  OMSBOT_DEMO: opt.refine((v) => v === undefined || /^(1|0|true|false|yes|no)$/i.test(v), {
    message: "OMSBOT_DEMO must be 1 (serve the built-in simulator's demo tasks) or 0",
  }),
  HTTPS_PROXY: url("HTTPS_PROXY"),
  HTTP_PROXY: url("HTTP_PROXY"),
  NO_PROXY: opt,
  // The lower-case spellings are what curl and most tools read; corporate images often set only those.
  https_proxy: url("https_proxy"),
  http_proxy: url("http_proxy"),
  no_proxy: opt,
});

export type Env = z.infer<typeof envSchema>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Reads the environment once. Throws CONFIG_INVALID listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(issue.message);
  }
  // On a failed parse, the cross-field checks below still run on the raw strings so that every
  // problem is reported in one go.
  const raw = parsed.success ? parsed.data : pickStrings(env);

  const slack = slackConfig(raw, problems);
  const oms = omsConfig(raw, problems);
  const ads = adsConfig(raw, problems);

  const demo = /^(1|true|yes)$/i.test(raw.OMSBOT_DEMO ?? "");
  if (slack.mode !== "shell" && !hasOmsSettings(raw) && !demo) {
    problems.push(
      "OMS settings are required in Slack mode: set OMS_REGION, OMS_PROJECT_ID and credentials (see README), or OMSBOT_DEMO=1 to serve the built-in simulator's demo tasks (every reply then says demo data)",
    );
  }
  const tzReading = readTimeZone(raw.DEFAULT_TZ ?? "UTC");
  const defaultTz = tzReading.ok ? tzReading.tz : "UTC";
  if (!tzReading.ok) {
    const hint =
      tzReading.suggestions.length > 0
        ? `; did you mean ${tzReading.suggestions.join(" or ")}?`
        : "";
    problems.push(
      `DEFAULT_TZ must be an IANA timezone name such as Europe/Berlin or Asia/Shanghai, not an abbreviation or an alias${hint}`,
    );
  }
  const alertPollCron = raw.ALERT_POLL_CRON ?? "*/5 * * * *";
  if (!cron.validate(alertPollCron)) {
    problems.push("ALERT_POLL_CRON must be a cron expression (5 or 6 fields), e.g. */5 * * * *");
  }
  const admins = new Set((raw.BOT_ADMINS ?? "").split(/[\s,]+/).filter(Boolean));
  for (const id of admins) {
    if (!/^[UW][A-Z0-9]{2,}$/.test(id)) {
      problems.push(
        `BOT_ADMINS must be Slack user IDs separated by commas (like U0123ABCD); "${id.slice(0, 20)}" is not one`,
      );
    }
  }
  const logLevel = (raw.LOG_LEVEL ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  }

  if (problems.length > 0) {
    const unique = [...new Set(problems)];
    throw new OmsbotError(
      "CONFIG_INVALID",
      `omsbot cannot start; fix these settings:\n${unique.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return {
    slack,
    port: raw.PORT === undefined ? 3000 : Number(raw.PORT),
    oms,
    cdn: {
      endpoint: (raw.CDN_ENDPOINT ?? "https://cdn.myhuaweicloud.com").replace(/\/+$/, ""),
      domainId: raw.CDN_DOMAIN_ID,
    },
    ads,
    demo: slack.mode !== "shell" && oms.kind === "simulator" && demo,
    proxy: {
      httpsProxy: raw.HTTPS_PROXY ?? raw.https_proxy,
      httpProxy: raw.HTTP_PROXY ?? raw.http_proxy,
      noProxy: raw.NO_PROXY ?? raw.no_proxy,
    },
    stateDir: raw.STATE_DIR ?? "./data",
    redisUrl: raw.REDIS_URL,
    defaultTz,
    alertPollCron,
    admins,
    logLevel: logLevel as Config["logLevel"],
    explicit: {
      defaultTz: raw.DEFAULT_TZ !== undefined,
      logLevel: raw.LOG_LEVEL !== undefined,
      alertPollCron: raw.ALERT_POLL_CRON !== undefined,
    },
  };
}

/** The raw strings of the variables we know, for cross-checks after a failed parse. */
function pickStrings(env: NodeJS.ProcessEnv): Env {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key]?.trim();
    if (v) out[key] = v;
  }
  return out as Env;
}

/** For the start-up log line: what is configured, never the secrets themselves. */
export function describeConfig(c: Config): Record<string, string> {
  return {
    slack: c.slack.mode,
    oms:
      c.oms.kind === "simulator"
        ? "built-in simulator"
        : `${c.oms.endpoint} (auth: ${c.oms.auth.kind})`,
    proxy: c.proxy.httpsProxy || c.proxy.httpProxy ? "set" : "none",
    store: c.redisUrl ? "redis" : `file (${c.stateDir})`,
    defaultTz: c.defaultTz,
    admins: c.admins.size === 0 ? "everyone" : `${c.admins.size} user(s)`,
  };
}
