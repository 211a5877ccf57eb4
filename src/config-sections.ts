/**
 * The settings that only make sense together (DESIGN "Contracts"): Slack mode, OMS endpoint and
 * credentials, SenseCore ADS. Each pushes what is wrong, in words that say how to fix it.
 */

import type { AdsConfig, Env, OmsAuthConfig, OmsConfig, SlackConfig } from "./config.ts";
import { readRegion } from "./config-regions.ts";

export function slackConfig(e: Env, problems: string[]): SlackConfig {
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
      problems.push(
        "SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (copy the xoxb- token from your app's OAuth & Permissions page), or unset them all for shell mode",
      );
    }
    return { mode: "shell" };
  }
  if (!e.SLACK_BOT_TOKEN.startsWith("xoxb-")) {
    problems.push("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
  }
  if (e.SLACK_APP_TOKEN) {
    if (!e.SLACK_APP_TOKEN.startsWith("xapp-")) {
      problems.push(
        "SLACK_APP_TOKEN must be an app-level token starting with xapp- (with connections:write)",
      );
    }
    return {
      mode: "socket",
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    };
  }
  if (!e.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_SIGNING_SECRET is required in HTTP mode (SLACK_BOT_TOKEN set, SLACK_APP_TOKEN unset); find it under Basic Information → App Credentials, or set SLACK_APP_TOKEN for Socket Mode",
    );
    return { mode: "shell" };
  }
  return {
    mode: "http",
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    apiUrl: e.SLACK_API_URL,
  };
}

/** The chosen credentials; "invalid" when a problem was already reported; undefined when none are set. */
function omsAuth(e: Env, problems: string[]): OmsAuthConfig | "invalid" | undefined {
  const ak = e.HUAWEICLOUD_SDK_AK ?? e.CLOUD_SDK_AK;
  const sk = e.HUAWEICLOUD_SDK_SK ?? e.CLOUD_SDK_SK;
  const iamAny = e.IAM_USER || e.IAM_PASSWORD || e.IAM_DOMAIN;
  const methods = [
    ak || sk ? "AK/SK" : "",
    e.OMS_AUTH_TOKEN ? "OMS_AUTH_TOKEN" : "",
    iamAny ? "IAM_USER/IAM_PASSWORD" : "",
  ].filter(Boolean);
  if (methods.length > 1) {
    problems.push(
      `Set only one way to authenticate to OMS; found ${methods.join(" and ")}. Remove the others.`,
    );
    return "invalid";
  }
  if (ak || sk) {
    if (!ak || !sk) {
      problems.push(
        `${ak ? "HUAWEICLOUD_SDK_SK" : "HUAWEICLOUD_SDK_AK"} is required when ${ak ? "HUAWEICLOUD_SDK_AK" : "HUAWEICLOUD_SDK_SK"} is set (an access key needs its secret key)`,
      );
      return "invalid";
    }
    return { kind: "aksk", ak, sk, securityToken: e.HUAWEICLOUD_SDK_SECURITY_TOKEN };
  }
  if (e.HUAWEICLOUD_SDK_SECURITY_TOKEN) {
    problems.push(
      "HUAWEICLOUD_SDK_SECURITY_TOKEN is only used with temporary AK/SK: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK too",
    );
  }
  if (e.OMS_AUTH_TOKEN) return { kind: "token", token: e.OMS_AUTH_TOKEN };
  if (iamAny) {
    const missing = (["IAM_USER", "IAM_PASSWORD", "IAM_DOMAIN"] as const).filter((k) => !e[k]);
    if (missing.length > 0) {
      problems.push(
        `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} required for IAM password login (IAM_USER, IAM_PASSWORD and IAM_DOMAIN go together)`,
      );
      return "invalid";
    }
    return {
      kind: "iam",
      endpoint: e.IAM_ENDPOINT ?? "https://iam.myhuaweicloud.com",
      user: e.IAM_USER ?? "",
      password: e.IAM_PASSWORD ?? "",
      domain: e.IAM_DOMAIN ?? "",
    };
  }
  return undefined;
}

/** Whether any OMS setting is there at all (none → the built-in simulator). */
export function hasOmsSettings(e: Env): boolean {
  return Boolean(
    e.OMS_REGION ||
      e.OMS_ENDPOINT ||
      e.OMS_PROJECT_ID ||
      e.HUAWEICLOUD_SDK_AK ||
      e.HUAWEICLOUD_SDK_SK ||
      e.CLOUD_SDK_AK ||
      e.CLOUD_SDK_SK ||
      e.OMS_AUTH_TOKEN ||
      e.IAM_USER ||
      e.IAM_PASSWORD ||
      e.IAM_DOMAIN,
  );
}

export function omsConfig(e: Env, problems: string[]): OmsConfig {
  if (!hasOmsSettings(e)) return { kind: "simulator" };
  if (e.OMS_REGION && !e.OMS_ENDPOINT) {
    const region = readRegion(e.OMS_REGION);
    if (!region.ok) problems.push(region.problem);
  }
  const endpoint =
    e.OMS_ENDPOINT ?? (e.OMS_REGION ? `https://oms.${e.OMS_REGION}.myhuaweicloud.com` : undefined);
  const setting = e.OMS_ENDPOINT
    ? "OMS_ENDPOINT"
    : e.OMS_REGION
      ? "OMS_REGION"
      : "the OMS credentials";
  if (!endpoint) {
    problems.push(
      `OMS_REGION (e.g. cn-north-4) or OMS_ENDPOINT is required when ${setting} is set`,
    );
  }
  if (!e.OMS_PROJECT_ID) {
    problems.push(
      `OMS_PROJECT_ID is required when ${setting} is set (find it under My Credentials → API Credentials)`,
    );
  }
  const auth = omsAuth(e, problems);
  if (auth === undefined) {
    problems.push(
      "OMS credentials are required: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or OMS_AUTH_TOKEN, or IAM_USER, IAM_PASSWORD and IAM_DOMAIN",
    );
  }
  if (!endpoint || !e.OMS_PROJECT_ID || !auth || auth === "invalid") return { kind: "simulator" };
  return {
    kind: "cloud",
    endpoint: endpoint.replace(/\/+$/, ""),
    projectId: e.OMS_PROJECT_ID,
    auth,
  };
}

export function adsConfig(e: Env, problems: string[]): AdsConfig | undefined {
  const keys = [
    "ADS_ENDPOINT",
    "ADS_SUBSCRIPTION",
    "ADS_RESOURCE_GROUP",
    "ADS_ZONE",
    "ADS_DATA_SYNC",
    "ADS_AK",
    "ADS_SK",
  ] as const;
  const set = keys.filter((k) => e[k]);
  if (set.length === 0) return undefined;
  const missing = keys.filter((k) => !e[k]);
  if (missing.length > 0) {
    problems.push(
      `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} required when ${set.join(", ")} ${set.length > 1 ? "are" : "is"} set (SenseCore ADS needs all seven)`,
    );
    return undefined;
  }
  return {
    endpoint: e.ADS_ENDPOINT ?? "",
    subscription: e.ADS_SUBSCRIPTION ?? "",
    resourceGroup: e.ADS_RESOURCE_GROUP ?? "",
    zone: e.ADS_ZONE ?? "",
    dataSync: e.ADS_DATA_SYNC ?? "",
    ak: e.ADS_AK ?? "",
    sk: e.ADS_SK ?? "",
  };
}
